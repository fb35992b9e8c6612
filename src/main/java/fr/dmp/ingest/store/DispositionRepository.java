package fr.dmp.ingest.store;

import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.intake.FileOutcome;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /** What a report counts: files by outcome, quarantined files by primary reason, stored documents by type. */
    public record Counts(Map<String, Long> outcomes, Map<String, Long> reasons, Map<String, Long> types) {
        public long outcome(String name) {
            return outcomes.getOrDefault(name, 0L);
        }
    }

    /**
     * Assigns every not yet reported disposition of the feed to this job execution's report and counts
     * them, in PostgreSQL (a run of a million files is never loaded): files that a killed run decided but
     * never reported are counted by the next one.
     */
    public Counts claimForReport(String feed, long jobExecutionId) {
        Map<String, Long> outcomes = new TreeMap<>();
        Map<String, Long> reasons = new TreeMap<>();
        Map<String, Long> types = new TreeMap<>();
        jdbc.query("WITH c AS (UPDATE dmp.disposition SET reported_in = ? WHERE feed = ? AND reported_in IS NULL"
                        + " RETURNING outcome, primary_reason, items)"
                        + " SELECT 'o' AS k, outcome AS v, count(*) AS n FROM c GROUP BY outcome"
                        + " UNION ALL SELECT 'r', primary_reason, count(*) FROM c WHERE outcome = 'QUARANTINED' GROUP BY primary_reason"
                        + " UNION ALL SELECT 't', i->>'typeCode', count(*) FROM c, jsonb_array_elements(c.items) i"
                        + " WHERE i->>'kind' = 'STORED' GROUP BY i->>'typeCode'",
                rs -> {
                    Map<String, Long> target = switch (rs.getString("k")) {
                        case "o" -> outcomes;
                        case "r" -> reasons;
                        default -> types;
                    };
                    target.put(rs.getString("v"), rs.getLong("n"));
                }, jobExecutionId, feed);
        return new Counts(outcomes, reasons, types);
    }

    static Disposition map(ResultSet rs) throws SQLException {
        return new Disposition(rs.getString("claim_token"), rs.getString("feed"), rs.getString("original_name"),
                rs.getString("companion_name"), rs.getString("sha256"), rs.getLong("size_bytes"),
                FileOutcome.valueOf(rs.getString("outcome")), DispositionJson.parse(rs.getString("items")),
                rs.getLong("job_execution_id"), rs.getTimestamp("decided_at").toInstant());
    }
}
