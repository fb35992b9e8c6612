package fr.dmp.ingest.store;

import fr.dmp.ingest.intake.KeptFileKeys;
import fr.dmp.ingest.intake.SealedFile;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The data keys of kept files (V20): one random 256-bit key per claim, wrapped with AES-GCM under the active
 * content key and bound to its claim token ({@link ContentCipher}), so a wrapped key moved to another row does
 * not open. Destroying a row (a deleted document or dossier, a purge, a retention) makes that claim's kept files
 * unreadable at once, whatever copies of them exist (crypto-shredding, rules.md R5, R15).
 */
public final class KeptFileKeyStore implements KeptFileKeys {

    private final JdbcTemplate jdbc;
    private final ContentCipher cipher;

    public KeptFileKeyStore(JdbcTemplate jdbc, ContentCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    static String identity(String token) {
        return "kept-file-key:" + token;
    }

    @Override
    public byte[] sealing(String token, String feed) {
        Optional<byte[]> known = opening(token);
        if (known.isPresent()) {
            return known.get(); // a claim sealed again after a crash keeps its key
        }
        // never a new key for a claim whose documents were deleted: shredded before it was kept, or a file sent again
        // (a duplicate) of a document deleted since (rules.md R5)
        Boolean deleted = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM dmp.kept_file_shredded WHERE claim_token = ?)"
                + " OR EXISTS (SELECT 1 FROM dmp.kept_file_subject s JOIN dmp.document d ON d.document_uid = s.document_uid"
                + " WHERE s.claim_token = ? AND d.status = 'DELETED')", Boolean.class, token, token);
        if (Boolean.TRUE.equals(deleted)) {
            throw new Shredded(token);
        }
        ContentCipher.Sealed wrapped = cipher.seal(SealedFile.newKey(), identity(token));
        jdbc.update("INSERT INTO dmp.kept_file_key (claim_token, feed, key_id, wrapped) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (claim_token) DO NOTHING", token, feed, wrapped.keyId(), wrapped.data());
        return opening(token).orElseThrow(() -> new IllegalStateException("the data key of claim " + token + " was not recorded"));
    }

    @Override
    public Optional<byte[]> opening(String keyId) {
        List<byte[]> found = jdbc.query("SELECT key_id, wrapped FROM dmp.kept_file_key WHERE claim_token = ?",
                (rs, n) -> cipher.open(new ContentCipher.Sealed(rs.getString(1), rs.getBytes(2)), identity(keyId)), keyId);
        return found.stream().findFirst();
    }

    /** Whether this claim's data key exists (not destroyed). */
    public boolean exists(String token) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM dmp.kept_file_key WHERE claim_token = ?", Long.class, token);
        return n != null && n > 0;
    }

    /**
     * rotate-key: re-wraps every data key not wrapped under the active content key; the kept files themselves
     * stay as they are (their header names the claim, not the content key). Returns how many were re-wrapped.
     */
    public long rewrapUnderActiveKey(int batch) {
        String active = cipher.keys().activeId();
        long total = 0;
        while (true) {
            List<String> tokens = jdbc.queryForList("SELECT claim_token FROM dmp.kept_file_key WHERE key_id <> ? LIMIT ?",
                    String.class, active, batch);
            for (String token : tokens) {
                byte[] key = opening(token).orElseThrow();
                ContentCipher.Sealed wrapped = cipher.seal(key, identity(token));
                jdbc.update("UPDATE dmp.kept_file_key SET key_id = ?, wrapped = ? WHERE claim_token = ?", wrapped.keyId(),
                        wrapped.data(), token);
            }
            if (tokens.isEmpty()) {
                return total;
            }
            total += tokens.size();
        }
    }

    /** Records which documents (and dossiers) a claim's kept file holds, in the chunk's transaction. */
    static void recordSubjects(Connection c, List<String> tokens, List<String> uids, List<Long> dossierIds) throws SQLException {
        if (tokens.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.kept_file_subject (claim_token, document_uid, dossier_id)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::int8[]) ON CONFLICT ON CONSTRAINT kept_file_subject_once DO NOTHING")) {
            ps.setArray(1, c.createArrayOf("text", tokens.toArray()));
            ps.setArray(2, c.createArrayOf("text", uids.toArray()));
            ps.setArray(3, c.createArrayOf("bigint", dossierIds.toArray()));
            ps.executeUpdate();
        }
    }

    /**
     * Destroys the data keys of the kept files that hold this document (R5: a deleted document's archived input
     * becomes unreadable in the same transaction as the deletion). Returns the claims shredded.
     */
    public static List<String> shredDocument(Connection c, String documentUid) throws SQLException {
        return shred(c, "WITH s AS (SELECT DISTINCT claim_token FROM dmp.kept_file_subject WHERE document_uid = ?)", ps -> ps.setString(1, documentUid));
    }

    /** Destroys the data keys of the kept files that hold a document of this dossier (R15 deletion, R3/R14 purge). */
    public static List<String> shredDossier(Connection c, long dossierId) throws SQLException {
        return shred(c, "WITH s AS (SELECT DISTINCT claim_token FROM dmp.kept_file_subject WHERE dossier_id = ?"
                + " OR document_uid IN (SELECT d.document_uid FROM dmp.document d WHERE d.dossier_id = ?))", ps -> {
            ps.setLong(1, dossierId);
            ps.setLong(2, dossierId);
        });
    }

    /** Destroys the data key of one claim (a kept file past its retention). */
    public static boolean shredClaim(Connection c, String token) throws SQLException {
        return !shred(c, "WITH s AS (SELECT ?::text AS claim_token)", ps -> ps.setString(1, token)).isEmpty();
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * The claims {@code claims} selects (a CTE named {@code s}) are marked shredded, so that none is ever sealed under a
     * new key, and their keys deleted; returns the claims whose key existed.
     */
    private static List<String> shred(Connection c, String claims, Binder binder) throws SQLException {
        List<String> tokens = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(claims + ", marked AS (INSERT INTO dmp.kept_file_shredded (claim_token)"
                + " SELECT claim_token FROM s ON CONFLICT DO NOTHING)"
                + " DELETE FROM dmp.kept_file_key k USING s WHERE k.claim_token = s.claim_token RETURNING k.claim_token")) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tokens.add(rs.getString(1));
                }
            }
        }
        return tokens;
    }
}
