package fr.dmp.ingest.store;

import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.intake.FileOutcome;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads dispositions back: for crash recovery, and for the run report. */
public final class DispositionRepository {

    private static final String COLUMNS = "claim_token, feed, original_name, companion_name, sha256, size_bytes,"
            + " outcome, items::text AS items, job_execution_id, decided_at";

    private final JdbcTemplate jdbc;

    public DispositionRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, Disposition> findByTokens(List<String> tokens) {
        Map<String, Disposition> out = new HashMap<>();
        if (tokens.isEmpty()) {
            return out;
        }
        jdbc.query("SELECT " + COLUMNS + " FROM dmp.disposition WHERE claim_token = ANY(?::text[])",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", tokens.toArray(new String[0]))),
                rs -> {
                    Disposition d = map(rs);
                    out.put(d.token(), d);
                });
        return out;
    }

    /**
     * Assigns every not yet reported disposition of the feed to this job execution's report and
     * returns them: files that a killed run decided but never reported are counted by the next one.
     */
    public List<Disposition> claimForReport(String feed, long jobExecutionId) {
        return jdbc.query("UPDATE dmp.disposition SET reported_in = ? WHERE feed = ? AND reported_in IS NULL"
                + " RETURNING " + COLUMNS, (rs, n) -> map(rs), jobExecutionId, feed);
    }

    static Disposition map(ResultSet rs) throws SQLException {
        return new Disposition(rs.getString("claim_token"), rs.getString("feed"), rs.getString("original_name"),
                rs.getString("companion_name"), rs.getString("sha256"), rs.getLong("size_bytes"),
                FileOutcome.valueOf(rs.getString("outcome")), DispositionJson.parse(rs.getString("items")),
                rs.getLong("job_execution_id"), rs.getTimestamp("decided_at").toInstant());
    }
}
