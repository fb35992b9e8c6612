package fr.dmp.ingest.report;

import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks the audit trail's hash chain (issue 16, rules.md R7): each row's {@code row_hash} must be
 * sha256(previous row's hash || its fields), its position the previous one plus one, and the last row
 * the chain's recorded head. The hash is computed here on its own (the database's function is not
 * trusted to check itself), field for field as {@code dmp.audit_chain_hash} (migration V11).
 * A failure names the row's id and what is wrong with it, never the row's content.
 */
public final class AuditChain {

    static final byte[] GENESIS = new byte[32];
    private static final int PAGE = 5_000;

    private final JdbcTemplate jdbc;

    public AuditChain(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The outcome: the rows walked, and the first fault found (empty when the chain holds). */
    public record Verdict(long rows, long headSeq, String headHash, Optional<String> fault) {
        public boolean holds() {
            return fault.isEmpty();
        }

        public String line() {
            return fault.orElse("audit chain holds: " + rows + " rows, head at position " + headSeq + " (" + headHash + ")");
        }
    }

    /** The fields hashed, in order, as text ({@code null} for SQL NULL): as the query below returns them. */
    record Row(long id, Long seq, byte[] prevHash, byte[] rowHash, String[] fields) {
    }

    private static final String COLUMNS = "id, chain_seq, prev_hash, row_hash, chain_seq::text, id::text,"
            + " (extract(epoch FROM at) * 1000000)::bigint::text, (extract(epoch FROM at_source) * 1000000)::bigint::text,"
            + " action, feed, sender_org, job_execution_id::text, dossier_id::text, document_uid, reason, detail, written_by";

    /**
     * The walk of {@link #verify()}, then the anchors written outside the database (run reports, {@link AuditAnchors}):
     * a chain rewritten whole by its owner holds on its own but no longer agrees with an anchor.
     */
    public Verdict verify(List<AuditAnchors.Anchor> anchors) {
        Verdict walked = verify();
        if (!walked.holds()) {
            return walked;
        }
        Optional<String> fault = AuditAnchors.check(jdbc, anchors);
        return fault.isPresent() ? new Verdict(walked.rows(), walked.headSeq(), walked.headHash(), fault) : walked;
    }

    public Verdict verify() {
        Map<String, Object> head = jdbc.queryForMap("SELECT seq, hash FROM dmp.audit_chain_head");
        long headSeq = ((Number) head.get("seq")).longValue();
        byte[] headHash = (byte[]) head.get("hash");
        String headHex = HexFormat.of().formatHex(headHash);
        List<Long> unchained = jdbc.queryForList("SELECT id FROM dmp.audit_event WHERE chain_seq IS NULL OR row_hash IS NULL"
                + " OR prev_hash IS NULL ORDER BY id LIMIT 1", Long.class);
        if (!unchained.isEmpty()) {
            return new Verdict(0, headSeq, headHex, Optional.of("audit row " + unchained.get(0)
                    + " is not chained: written bypassing the chain"));
        }
        byte[] previous = GENESIS;
        long expected = 1;
        long rows = 0;
        Long lastId = null;
        while (true) {
            List<Row> page = jdbc.query("SELECT " + COLUMNS + " FROM dmp.audit_event e WHERE e.chain_seq >= ? ORDER BY e.chain_seq LIMIT ?",
                    (rs, n) -> {
                        String[] f = new String[13];
                        for (int i = 0; i < f.length; i++) {
                            f[i] = rs.getString(5 + i);
                        }
                        return new Row(rs.getLong(1), rs.getLong(2), rs.getBytes(3), rs.getBytes(4), f);
                    }, expected, PAGE);
            for (Row r : page) {
                Optional<String> fault = check(r, expected, previous);
                if (fault.isPresent()) {
                    return new Verdict(rows, headSeq, headHex, fault);
                }
                previous = r.rowHash();
                expected++;
                rows++;
                lastId = r.id();
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (rows != headSeq || !Arrays.equals(previous, headHash)) {
            String at = lastId == null ? "the empty trail" : "audit row " + lastId;
            return new Verdict(rows, headSeq, headHex, Optional.of(rows < headSeq
                    ? at + " ends the chain but the head is at position " + headSeq + ": rows removed after it"
                    : at + " is not the chain's recorded head: inserted bypassing the chain"));
        }
        return new Verdict(rows, headSeq, headHex, Optional.empty());
    }

    private static Optional<String> check(Row r, long expected, byte[] previous) {
        if (r.seq() != expected) {
            return Optional.of("audit row " + r.id() + " is at chain position " + r.seq() + " where " + expected
                    + " was expected: rows removed before it");
        }
        if (!Arrays.equals(r.prevHash(), previous)) {
            return Optional.of("audit row " + r.id() + " does not follow the row before it: that row was altered, or this one forged");
        }
        if (!Arrays.equals(hash(previous, r.fields()), r.rowHash())) {
            return Optional.of("audit row " + r.id() + " does not match its hash: altered or forged");
        }
        return Optional.empty();
    }

    /** sha256(prev || UTF-8 of each field as "length:value|", "-|" for NULL): dmp.audit_chain_hash of V11. */
    static byte[] hash(byte[] previous, String[] fields) {
        StringBuilder sb = new StringBuilder();
        for (String f : fields) {
            if (f == null) {
                sb.append('-');
            } else {
                sb.append(f.getBytes(StandardCharsets.UTF_8).length).append(':').append(f);
            }
            sb.append('|');
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(previous);
            return md.digest(sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
