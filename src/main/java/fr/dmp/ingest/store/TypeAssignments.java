package fr.dmp.ingest.store;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashMap;
import java.util.Map;

/**
 * The DMP types operators gave to {@code TYPE_UNKNOWN} files from the console (issue 18, V32), by the file's
 * SHA-256: the requeued file comes back with the same bytes under a new claim token, and the next run of its
 * feed classifies its refused items with that type, the operator named as the classification's source.
 */
public final class TypeAssignments {

    /** The type an operator chose for a file, and who. */
    public record Assigned(String typeCode, String by) {
    }

    private final JdbcTemplate jdbc;

    public TypeAssignments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The feed's assignments by SHA-256; for a file assigned twice, the latest. */
    public Map<String, Assigned> forFeed(String feed) {
        Map<String, Assigned> out = new HashMap<>();
        jdbc.query("SELECT sha256, type_code, assigned_by FROM dmp.type_assignment WHERE feed = ? ORDER BY id",
                rs -> {
                    out.put(rs.getString(1), new Assigned(rs.getString(2), rs.getString(3)));
                }, feed);
        return out;
    }

    public void assign(String feed, String sha256, String claimToken, String typeCode, String by) {
        jdbc.update("INSERT INTO dmp.type_assignment (feed, sha256, claim_token, type_code, assigned_by) VALUES (?, ?, ?, ?, ?)",
                feed, sha256, claimToken, typeCode, by);
    }
}
