package fr.dmp.ingest.store;

import fr.dmp.ingest.domain.ConfigurationFailure;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * rules.md R11: one content key per key id, for good. The first time a key id is used its check value
 * ({@link ContentKeys#checkValue}) is recorded in {@code dmp.content_key}; a key given later under that id
 * with other bytes is refused before it seals anything, in one line naming the id, never a byte of the key.
 */
public final class ContentKeyCheck {

    private ContentKeyCheck() {
    }

    /** Records the check value of each new key id, refuses a known id whose bytes differ. Returns the ids newly recorded. */
    public static int verify(JdbcTemplate jdbc, ContentKeys keys) {
        int recorded = 0;
        for (String id : keys.ids()) {
            String mine = keys.checkValue(id);
            recorded += jdbc.update("INSERT INTO dmp.content_key (key_id, check_value) VALUES (?, ?) ON CONFLICT (key_id) DO NOTHING",
                    id, mine);
            String known = jdbc.queryForObject("SELECT check_value FROM dmp.content_key WHERE key_id = ?", String.class, id);
            if (!MessageDigest.isEqual(mine.getBytes(StandardCharsets.US_ASCII), known.getBytes(StandardCharsets.US_ASCII))) {
                throw new ConfigurationFailure("content key '" + id + "' is not the key first used under that id"
                        + " (its check value differs): give that id's original key; a new key takes a new id");
            }
        }
        return recorded;
    }
}
