package fr.dmp.ingest.report;

import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Anchors of the audit chain outside the database (issue 16: an owner who rewrites the whole chain, every hash
 * recomputed, leaves a chain that holds). Each run writes the chain's head at its end, position and hash, into its
 * run report ({@code "auditAnchor"}), a file the database cannot reach; {@code audit --verify} finds the reports'
 * anchors and checks that the row at each anchored position still has the anchored hash. Rows rewritten at or
 * before an anchor change its hash (each hash covers all before it); rows removed make it missing.
 */
public final class AuditAnchors {

    /**
     * One anchor: the chain's position and the hash of the row there (hex), the report it was read from, and the store it
     * anchors ({@link #store}; null in reports written before round 27).
     */
    public record Anchor(long seq, String hash, String source, String store) {
        public Anchor(long seq, String hash, String source) {
            this(seq, hash, source, null);
        }
    }

    /** The anchors of this store's chain, and those of reports another database wrote (left out, and said). */
    public record OfThisStore(List<Anchor> anchors, List<Anchor> others) {
    }

    /**
     * Which database a chain is in: the cluster's system identifier (set at initdb, no SQL changes it) and the database's
     * oid. Reports of two stores in one reports folder (the embedded database, then a server, as the README allows) made
     * {@code audit --verify} cry "rewritten" on both (round 27, a tester): a false alarm each night teaches to ignore it.
     */
    public static String store(JdbcTemplate jdbc) {
        try {
            return jdbc.queryForObject("SELECT (SELECT system_identifier FROM pg_control_system())::text || '/' || d.oid::text"
                    + " FROM pg_database d WHERE d.datname = current_database()", String.class);
        } catch (org.springframework.dao.DataAccessException hardened) {
            // a server that revoked pg_control_system from PUBLIC (a review): the anchor names no store and is always checked;
            // a run's report must never fail for it
            return null;
        }
    }

    /** The anchors to check against the store {@code store}: its own, and those of reports that name no store. */
    public static OfThisStore ofThisStore(String store, List<Anchor> all) {
        List<Anchor> mine = new ArrayList<>();
        List<Anchor> others = new ArrayList<>();
        for (Anchor a : all) {
            (a.store() == null || a.store().equals(store) ? mine : others).add(a);
        }
        return new OfThisStore(mine, others);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditAnchors() {
    }

    /** The chain's head now (the job's role reads it, V18). */
    public static Anchor head(JdbcTemplate jdbc) {
        Map<String, Object> head = jdbc.queryForMap("SELECT seq, hash FROM dmp.audit_chain_head");
        return new Anchor(((Number) head.get("seq")).longValue(), HexFormat.of().formatHex((byte[]) head.get("hash")), null,
                store(jdbc));
    }

    /** The report's JSON with the anchor added as {@code "auditAnchor": {"seq": N, "hash": "..."}}. */
    public static String addTo(String reportJson, Anchor anchor) {
        ObjectNode report = (ObjectNode) JSON.readTree(reportJson);
        ObjectNode n = report.putObject("auditAnchor");
        n.put("seq", anchor.seq());
        n.put("hash", anchor.hash());
        if (anchor.store() != null) {
            n.put("store", anchor.store());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
    }

    /** The anchors of every report (*.json) under {@code folder}, in any depth; none when it does not exist. */
    public static List<Anchor> inReports(Path folder) {
        List<Anchor> out = new ArrayList<>();
        if (folder == null || !Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList()) {
                JsonNode anchor;
                try {
                    anchor = JSON.readTree(Files.readString(f)).get("auditAnchor");
                } catch (RuntimeException | IOException notAReport) {
                    continue; // not a run report (another JSON, or not text)
                }
                if (anchor != null && anchor.has("seq") && anchor.has("hash")) {
                    out.add(new Anchor(anchor.get("seq").asLong(), anchor.get("hash").asString(), folder.relativize(f).toString(),
                            anchor.has("store") ? anchor.get("store").asString() : null));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run reports under " + folder, e);
        }
        return out;
    }

    /**
     * The first anchor the chain no longer agrees with, as one line (no row content), or empty: the row at the
     * anchored position must exist and have the anchored hash. Position 0 is the empty chain: nothing to check.
     */
    public static Optional<String> check(JdbcTemplate jdbc, List<Anchor> anchors) {
        for (Anchor a : anchors) {
            if (a.seq() == 0) {
                continue;
            }
            List<byte[]> hash = jdbc.queryForList("SELECT row_hash FROM dmp.audit_event WHERE chain_seq = ?", byte[].class, a.seq());
            if (hash.isEmpty()) {
                return Optional.of("the chain has no row at position " + a.seq() + ", anchored by report " + a.source()
                        + ": rows removed");
            }
            if (!HexFormat.of().formatHex(hash.get(0)).equals(a.hash())) {
                return Optional.of("the row at position " + a.seq() + " differs from the anchor of report " + a.source()
                        + ": the chain was rewritten");
            }
        }
        return Optional.empty();
    }
}
