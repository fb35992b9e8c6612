package fr.dmp.ingest.store;

import fr.dmp.ingest.intake.KeptFileKeys;
import fr.dmp.ingest.intake.SealedFile;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The data keys of kept files (V20): one random 256-bit key per claim, wrapped with AES-GCM under the active
 * content key and bound to its claim token ({@link ContentCipher}), so a wrapped key moved to another row does
 * not open. Destroying a row (a deleted document or dossier, a purge, a retention) makes that claim's kept files
 * unreadable at once, whatever copies of them exist (crypto-shredding, rules.md R5, R15); only the owner's functions
 * destroy one (V21: dmp.drop_documents, dmp.kept_file_deleted), the job's role may only make and read keys.
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
}
