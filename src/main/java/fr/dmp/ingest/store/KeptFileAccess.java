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

    /** A claim's kept files deleted (by a retention, or as unreadable): its data key destroyed and the deletion audited, together. */
    public void recordDeletionAndShred(Disposition d, String detail) {
        jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Void>) c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                KeptFileKeyStore.shredClaim(c, d.token());
                new KeptFileAccess(new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(c, true)))
                        .recordDeletion(d, detail);
                c.commit();
            } catch (java.sql.SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
            return null;
        });
    }

    /**
     * rules.md R7: an opening is recorded before a byte is given, one audit row per dossier the file holds (so the
     * patient's history shows it), or one without dossier; the row says who, which claim, where to.
     */
    public void recordOpening(Disposition d, String part, String osUser, String where) {
        String detail = "kept " + part + " of claim " + d.token() + " (" + d.outcome().name().toLowerCase() + ") opened by "
                + osUser + " to " + where;
        insertPerDossier("KEPT_FILE_OPENED", d, detail);
    }

    /** A kept file deleted by its feed's retention, audited (rules.md R7, R14). */
    public void recordDeletion(Disposition d, String detail) {
        insertPerDossier("KEPT_FILE_DELETED", d, "kept files of claim " + d.token() + " deleted: " + detail);
    }

    private void insertPerDossier(String action, Disposition d, String detail) {
        List<Long> dossiers = jdbc.queryForList("SELECT DISTINCT dossier_id FROM dmp.kept_file_subject WHERE claim_token = ?"
                + " AND dossier_id IS NOT NULL ORDER BY 1", Long.class, d.token());
        if (dossiers.isEmpty()) {
            jdbc.update("INSERT INTO dmp.audit_event (action, feed, detail) VALUES (?, ?, ?)", action, d.feed(), detail);
        }
        for (Long dossier : dossiers) {
            jdbc.update("INSERT INTO dmp.audit_event (action, feed, dossier_id, detail) VALUES (?, ?, ?, ?)", action, d.feed(),
                    dossier, detail);
        }
    }
}
