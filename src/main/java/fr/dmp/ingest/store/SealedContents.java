package fr.dmp.ingest.store;

import fr.dmp.ingest.domain.Sha256;
import fr.dmp.ingest.format.Content;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.security.DigestInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contents (once per SHA-256) and extracted texts, sealed with AES-GCM under the current key before they
 * reach the database (rules.md R11); each sealed blob is bound to its row's identity, so a blob moved to
 * another row does not open.
 */
final class SealedContents {

    private final ContentCipher cipher;

    SealedContents(ContentCipher cipher) {
        this.cipher = cipher;
    }

    /** What a sealed content row is, bound to its ciphertext. */
    static String contentIdentity(String sha256) {
        return "content:" + sha256;
    }

    /** What a sealed text row is, bound to its ciphertext. */
    static String textIdentity(long documentId) {
        return "text:" + documentId;
    }

    /**
     * Inserts each content not stored yet, once per SHA-256; returns the contents that were stored before (by a chunk
     * that committed first), the only ones a deletion beside this chunk can drop ({@link #holdContents}).
     */
    List<Content> insertContents(Connection c, List<Content> contents) throws SQLException {
        Map<String, Content> unique = new LinkedHashMap<>();
        for (Content content : contents) {
            unique.putIfAbsent(content.sha256(), content);
        }
        List<Content> rows = new ArrayList<>();
        List<Content> storedBefore = new ArrayList<>();
        for (Content content : unique.values()) {
            if (content.inFile()) {
                if (!insertFromFile(c, content)) {
                    storedBefore.add(content);
                }
            } else {
                rows.add(content);
            }
        }
        if (rows.isEmpty()) {
            return storedBefore;
        }
        rows.sort((a, b) -> a.sha256().compareTo(b.sha256())); // same lock order in every transaction
        List<ContentCipher.Sealed> sealed = new ArrayList<>(rows.size());
        for (Content content : rows) {
            sealed.add(cipher.seal(content.bytes(), contentIdentity(content.sha256())));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.content (sha256, media_type, size_bytes, key_id, data)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[], ?::bytea[]) ON CONFLICT (sha256) DO NOTHING"
                + " RETURNING sha256")) {
            ps.setArray(1, Sql.text(c, rows, Content::sha256));
            ps.setArray(2, Sql.text(c, rows, Content::mediaType));
            ps.setArray(3, Sql.int8(c, rows, Content::size));
            ps.setArray(4, Sql.text(c, sealed, ContentCipher.Sealed::keyId));
            ps.setArray(5, Sql.bytea(c, sealed, ContentCipher.Sealed::data));
            java.util.Set<String> inserted = new java.util.HashSet<>();
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
            for (Content content : rows) {
                if (!inserted.contains(content.sha256())) {
                    storedBefore.add(content);
                }
            }
        }
        return storedBefore;
    }

    /**
     * rules.md R5 (V49): holds the contents stored before that this chunk's documents share until it commits, so that a
     * deletion in a chunk beside it (a deletion that waited for its document) sees these documents before it drops bytes
     * they share; and gives back the bytes of those a deletion dropped first (the same bytes deleted for one document and filed for
     * another were stored without them, for good).
     */
    void holdContents(Connection c, List<Content> contents) throws SQLException {
        Map<String, Content> unique = new java.util.TreeMap<>();
        for (Content content : contents) {
            unique.putIfAbsent(content.sha256(), content);
        }
        if (unique.isEmpty()) {
            return;
        }
        List<String> dropped = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT unnest(dmp.hold_contents(?::text[]))")) {
            ps.setArray(1, c.createArrayOf("text", unique.keySet().toArray()));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    dropped.add(rs.getString(1));
                }
            }
        }
        for (String sha : dropped) {
            Content content = unique.get(sha);
            byte[] bytes;
            try {
                bytes = content.inFile() ? Files.readAllBytes(content.file()) : content.bytes();
            } catch (IOException e) {
                throw new UncheckedIOException("claimed file unreadable while stored", e);
            }
            ContentCipher.Sealed s = cipher.seal(bytes, contentIdentity(sha));
            try (PreparedStatement ps = c.prepareStatement("SELECT dmp.refill_contents(?::text[], ?::text[], ?::bytea[])")) {
                ps.setArray(1, c.createArrayOf("text", new Object[] {sha}));
                ps.setArray(2, c.createArrayOf("text", new Object[] {s.keyId()}));
                ps.setArray(3, Sql.bytea(c, List.of(s), ContentCipher.Sealed::data));
                ps.executeQuery().close();
            }
        }
    }

    /** A content too large for the heap, sealed as it streams from its claimed file into the row. */
    /** @return whether it inserted the row (false: stored before) */
    private boolean insertFromFile(Connection c, Content content) throws SQLException {
        try (InputStream plain = Files.newInputStream(content.file(), LinkOption.NOFOLLOW_LINKS);
             PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.content (sha256, media_type, size_bytes, key_id, data)"
                     + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING")) {
            DigestInputStream digested = new DigestInputStream(new BufferedInputStream(plain, 1 << 16), Sha256.digest());
            ContentCipher.SealedStream sealed = cipher.sealing(digested, content.size(), contentIdentity(content.sha256()));
            ps.setString(1, content.sha256());
            ps.setString(2, content.mediaType());
            ps.setLong(3, content.size());
            ps.setString(4, sealed.keyId());
            ps.setBinaryStream(5, sealed.data(), sealed.length());
            boolean inserted = ps.executeUpdate() == 1;
            if (!HexFormat.of().formatHex(digested.getMessageDigest().digest()).equals(content.sha256())) {
                // the file changed since it was read: roll back rather than store bytes that were not checked
                throw new IllegalStateException("claimed file changed between reading and storing");
            }
            return inserted;
        } catch (IOException e) {
            throw new UncheckedIOException("claimed file unreadable while stored", e);
        }
    }

    /** A document's extracted text, sealed to its document id. */
    record Text(long documentId, String text) {
    }

    void insertTexts(Connection c, List<Text> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<ContentCipher.Sealed> sealed = new ArrayList<>(rows.size());
        for (Text t : rows) {
            sealed.add(cipher.seal(t.text().getBytes(StandardCharsets.UTF_8), textIdentity(t.documentId())));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.document_text (document_id, key_id, data)"
                + " SELECT * FROM unnest(?::int8[], ?::text[], ?::bytea[]) ON CONFLICT DO NOTHING")) {
            ps.setArray(1, Sql.int8(c, rows, Text::documentId));
            ps.setArray(2, Sql.text(c, sealed, ContentCipher.Sealed::keyId));
            ps.setArray(3, Sql.bytea(c, sealed, ContentCipher.Sealed::data));
            ps.executeUpdate();
        }
    }
}
