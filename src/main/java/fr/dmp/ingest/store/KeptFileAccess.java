package fr.dmp.ingest.store;

import fr.dmp.ingest.intake.Disposition;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * What the operator's commands on kept files read and write (issue 16): the dispositions that say where a
 * claim's files are kept, and the audit rows of each opening and of each deletion by retention. Never a
 * content; the audit detail names a claim token, never a file name (a name may hold a patient's).
 */
public final class KeptFileAccess {

    private static final String COLUMNS = "claim_token, feed, original_name, companion_name, sha256, size_bytes,"
            + " outcome, items::text AS items, job_execution_id, decided_at";

    private final JdbcTemplate jdbc;

    public KeptFileAccess(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The claims a TOKEN or a FILE name designates, oldest first. */
    public List<Disposition> designated(String tokenOrName) {
        return jdbc.query("SELECT " + COLUMNS + " FROM dmp.disposition WHERE claim_token = ? OR original_name = ?"
                + " ORDER BY decided_at, claim_token", (rs, n) -> DispositionRepository.map(rs), tokenOrName, tokenOrName);
    }

    /** The claims of a feed decided before {@code before}, quarantined or archived (stored, duplicate), for a retention. */
    public List<Disposition> decidedBefore(String feed, boolean quarantined, Instant before) {
        return jdbc.query("SELECT " + COLUMNS + " FROM dmp.disposition WHERE feed = ? AND (outcome = 'QUARANTINED') = ?"
                + " AND decided_at < ? ORDER BY decided_at", (rs, n) -> DispositionRepository.map(rs), feed, quarantined,
                Timestamp.from(before));
    }

    /** The claims of a feed whose data key is destroyed (a deleted document or dossier, a purge): their kept files no longer open. */
    public List<Disposition> withoutKey(String feed) {
        return jdbc.query("SELECT " + COLUMNS + " FROM dmp.disposition d WHERE feed = ? AND NOT EXISTS (SELECT 1 FROM"
                + " dmp.kept_file_key k WHERE k.claim_token = d.claim_token) ORDER BY decided_at", (rs, n) -> DispositionRepository.map(rs), feed);
    }

    /** A claim's kept files deleted (by a retention, or as unreadable): its data key destroyed and the deletion audited, in one call (V21). */
    public void recordDeletionAndShred(Disposition d, String detail) {
        jdbc.queryForObject("SELECT dmp.kept_file_deleted(?, ?)", Integer.class, d.token(),
                "kept files of claim " + d.token() + " deleted: " + detail);
    }

    /**
     * rules.md R7: an opening is recorded before a byte is given, one audit row per dossier the file holds (so the
     * patient's history shows it), or one without dossier; the row says who, which claim, where to. Written by the
     * owner's function (V21): the job's role cannot write an audit row itself.
     */
    public void recordOpening(Disposition d, String part, String osUser, String where) {
        String detail = "kept " + part + " of claim " + d.token() + " (" + d.outcome().name().toLowerCase() + ") opened by "
                + osUser + " to " + where;
        jdbc.queryForObject("SELECT dmp.kept_file_opened(?, ?)", Integer.class, d.token(), detail);
    }
}
