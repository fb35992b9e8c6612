package fr.dmp.ingest.store;

import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Reads contents back, for a role that may (dmp_reader, or the owner for key rotation): opens the seal
 * and checks the SHA-256 of what it opened. A tampered blob fails ({@link ContentCipher.TamperedContent}).
 * Also re-seals the rows of older keys under the active one.
 */
public final class ContentVault {

    private final JdbcTemplate jdbc;
    private final ContentCipher cipher;

    public ContentVault(JdbcTemplate jdbc, ContentCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** The content of this SHA-256, or empty when unknown or dropped (a deleted document's). */
    public Optional<byte[]> content(String sha256) {
        List<byte[]> out = jdbc.query("SELECT key_id, data FROM dmp.content WHERE sha256 = ? AND data IS NOT NULL", (rs, n) -> {
            String keyId = rs.getString(1);
            byte[] data = rs.getBytes(2);
            byte[] plain = keyId == null ? data : cipher.open(new ContentCipher.Sealed(keyId, data), SealedContents.contentIdentity(sha256));
            if (!fr.dmp.ingest.domain.Sha256.hex(plain).equals(sha256)) {
                throw new ContentCipher.TamperedContent(SealedContents.contentIdentity(sha256));
            }
            return plain;
        }, sha256);
        return out.stream().findFirst();
    }

    /**
     * rules.md R16, R17: a document's content as the reader role gets it, through the store's read function: empty
     * when the document is not one a professional may read (closed dossier, deleted, masked); else opened and
     * checked against its SHA-256. The read is traced in the dossier's history under {@code reader}.
     */
    public Optional<byte[]> readableContent(String reader, long documentId) {
        List<byte[]> out = jdbc.query("SELECT sha256, key_id, data FROM dmp.read_content(?, ?) WHERE data IS NOT NULL", (rs, n) -> {
            String sha256 = rs.getString(1).trim();
            String keyId = rs.getString(2);
            byte[] data = rs.getBytes(3);
            byte[] plain = keyId == null ? data : cipher.open(new ContentCipher.Sealed(keyId, data), SealedContents.contentIdentity(sha256));
            if (!fr.dmp.ingest.domain.Sha256.hex(plain).equals(sha256)) {
                throw new ContentCipher.TamperedContent(SealedContents.contentIdentity(sha256));
            }
            return plain;
        }, reader, documentId);
        return out.stream().findFirst();
    }

    public Optional<String> text(long documentId) {
        List<String> out = jdbc.query("SELECT key_id, data, text FROM dmp.document_text WHERE document_id = ?", (rs, n) -> {
            String keyId = rs.getString(1);
            if (keyId == null) {
                return rs.getString(3);
            }
            return new String(cipher.open(new ContentCipher.Sealed(keyId, rs.getBytes(2)), SealedContents.textIdentity(documentId)),
                    StandardCharsets.UTF_8);
        }, documentId);
        return out.stream().findFirst();
    }

    /** Re-seals, in batches, every content and text not sealed with the active key (legacy plaintext too). */
    public long resealUnderActiveKey(int batch) {
        ContentKeyCheck.verify(jdbc, cipher.keys()); // a key just appended is recorded before it seals (rules.md R11)
        String active = cipher.keys().activeId();
        long total = 0;
        while (true) {
            List<String> shas = jdbc.queryForList("SELECT sha256 FROM dmp.content WHERE data IS NOT NULL"
                    + " AND key_id IS DISTINCT FROM ? LIMIT ?", String.class, active, batch);
            for (String sha : shas) {
                byte[] plain = content(sha).orElseThrow();
                ContentCipher.Sealed s = cipher.seal(plain, SealedContents.contentIdentity(sha));
                jdbc.update("UPDATE dmp.content SET key_id = ?, data = ? WHERE sha256 = ?", s.keyId(), s.data(), sha);
            }
            List<Long> ids = jdbc.queryForList("SELECT document_id FROM dmp.document_text WHERE key_id IS DISTINCT FROM ? LIMIT ?",
                    Long.class, active, batch);
            for (Long id : ids) {
                String plain = text(id).orElseThrow();
                ContentCipher.Sealed s = cipher.seal(plain.getBytes(StandardCharsets.UTF_8), SealedContents.textIdentity(id));
                jdbc.update("UPDATE dmp.document_text SET key_id = ?, data = ?, text = NULL WHERE document_id = ?", s.keyId(),
                        s.data(), id);
            }
            if (shas.isEmpty() && ids.isEmpty()) {
                return total;
            }
            total += shas.size() + ids.size();
        }
    }
}
