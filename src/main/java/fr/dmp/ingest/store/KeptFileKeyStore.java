package fr.dmp.ingest.store;

import fr.dmp.ingest.intake.KeptFileKeys;
import fr.dmp.ingest.intake.SealedFile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    /**
     * A key is committed before its kept file exists, in a transaction of its own: called from a chunk's writer it
     * would otherwise join the chunk's transaction, and a crash after the claimed file is removed but before the
     * chunk commits would leave a sealed file whose key never was (the file lost).
     */
    private final TransactionTemplate own;

    public KeptFileKeyStore(JdbcTemplate jdbc, ContentCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.own = new TransactionTemplate(new JdbcTransactionManager(java.util.Objects.requireNonNull(jdbc.getDataSource())));
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    static String identity(String token) {
        return "kept-file-key:" + token;
    }

    @Override
    public byte[] sealing(String token, String feed) {
        return own.execute(status -> sealingNow(token, feed));
    }

    private byte[] sealingNow(String token, String feed) {
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

    /**
     * A chunk's keys in four statements whatever its size: the keys already made (a claim sealed again after a
     * crash keeps its key), the claims that must not get one (rules.md R5, as above), the new keys inserted in one
     * statement, all committed in a transaction of their own (above), and those another run inserted first read back.
     */
    @Override
    public Map<String, byte[]> sealing(Map<String, String> feedByToken) {
        return own.execute(status -> sealingNow(feedByToken));
    }

    private Map<String, byte[]> sealingNow(Map<String, String> feedByToken) {
        Map<String, byte[]> keys = new HashMap<>();
        if (feedByToken.isEmpty()) {
            return keys;
        }
        keys.putAll(known(feedByToken.keySet()));
        List<String> missing = feedByToken.keySet().stream().filter(t -> !keys.containsKey(t)).toList();
        if (missing.isEmpty()) {
            return keys;
        }
        Set<String> shredded = new HashSet<>(jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement("SELECT t FROM unnest(?::text[]) t"
                    + " WHERE EXISTS (SELECT 1 FROM dmp.kept_file_shredded WHERE claim_token = t)"
                    + " OR EXISTS (SELECT 1 FROM dmp.kept_file_subject s JOIN dmp.document d ON d.document_uid = s.document_uid"
                    + " WHERE s.claim_token = t AND d.status = 'DELETED')");
            ps.setArray(1, connection.createArrayOf("text", missing.toArray()));
            return ps;
        }, (rs, n) -> rs.getString(1)));
        List<String> tokens = new ArrayList<>();
        List<String> feeds = new ArrayList<>();
        List<String> keyIds = new ArrayList<>();
        List<byte[]> wrapped = new ArrayList<>();
        Map<String, byte[]> made = new HashMap<>();
        for (String token : missing) {
            if (shredded.contains(token)) {
                continue;
            }
            byte[] key = SealedFile.newKey();
            ContentCipher.Sealed w = cipher.seal(key, identity(token));
            tokens.add(token);
            feeds.add(feedByToken.get(token));
            keyIds.add(w.keyId());
            wrapped.add(w.data());
            made.put(token, key);
        }
        if (tokens.isEmpty()) {
            return keys;
        }
        Set<String> inserted = new HashSet<>(jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement("INSERT INTO dmp.kept_file_key (claim_token, feed, key_id, wrapped)"
                    + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bytea[]) ON CONFLICT (claim_token) DO NOTHING"
                    + " RETURNING claim_token");
            ps.setArray(1, connection.createArrayOf("text", tokens.toArray()));
            ps.setArray(2, connection.createArrayOf("text", feeds.toArray()));
            ps.setArray(3, connection.createArrayOf("text", keyIds.toArray()));
            ps.setArray(4, connection.createArrayOf("bytea", wrapped.toArray(new byte[0][])));
            return ps;
        }, (rs, n) -> rs.getString(1)));
        made.keySet().retainAll(inserted);
        keys.putAll(made);
        List<String> raced = tokens.stream().filter(t -> !inserted.contains(t)).toList();
        keys.putAll(known(raced)); // made by another run meanwhile: its key, not ours
        for (String token : tokens) {
            if (!keys.containsKey(token)) {
                throw new IllegalStateException("the data key of claim " + token + " was not recorded");
            }
        }
        return keys;
    }

    private Map<String, byte[]> known(Collection<String> tokens) {
        Map<String, byte[]> found = new HashMap<>();
        if (tokens.isEmpty()) {
            return found;
        }
        jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement(
                    "SELECT claim_token, key_id, wrapped FROM dmp.kept_file_key WHERE claim_token = ANY (?::text[])");
            ps.setArray(1, connection.createArrayOf("text", tokens.toArray()));
            return ps;
        }, rs -> {
            String token = rs.getString(1);
            found.put(token, cipher.open(new ContentCipher.Sealed(rs.getString(2), rs.getBytes(3)), identity(token)));
        });
        return found;
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
