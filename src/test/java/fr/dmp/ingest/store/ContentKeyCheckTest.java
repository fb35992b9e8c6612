package fr.dmp.ingest.store;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.cli.SpringContext;
import fr.dmp.ingest.domain.ConfigurationFailure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * rules.md R11 and issue 16: a key id is one key for good. {@code DMP_CONTENT_KEYS} with an id pasted twice,
 * or a known id with other bytes, would seal new contents that the rows' key no longer opens (and make
 * {@code rotate-key} stop half way): refused at start, in one line naming the id, never the key.
 */
class ContentKeyCheckTest extends PipelineTestSupport {

    @Autowired
    ContentKeys keys;

    @Autowired
    DataSource jobDataSource;

    private static String randomKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    @Test
    void r11_theStartRecordsTheCheckValueOfEachKeyIdAtItsFirstUse() {
        for (String id : keys.ids()) {
            assertThat(jdbc.queryForObject("SELECT check_value FROM dmp.content_key WHERE key_id = ?", String.class, id))
                    .isEqualTo(keys.checkValue(id)).matches("[0-9a-f]{64}");
        }
        // the check value identifies the bytes: another key under the same id has another one
        ContentKeys other = ContentKeys.fromEnvironment(keys.activeId() + ":" + randomKey());
        assertThat(other.checkValue(keys.activeId())).isNotEqualTo(keys.checkValue(keys.activeId()));
        // and the same key gives the same value again: the job restarts
        assertThat(ContentKeyCheck.verify(new JdbcTemplate(jobDataSource), keys)).isZero();
    }

    @Test
    void r11_aKnownIdWithOtherBytesIsRefusedInOneLineNamingTheIdNeverTheKey() {
        String other = randomKey();
        ContentKeys pastedAgain = ContentKeys.fromEnvironment(keys.activeId() + ":" + other);
        Throwable t = catchThrowable(() -> ContentKeyCheck.verify(new JdbcTemplate(jobDataSource), pastedAgain));
        assertThat(t).isInstanceOf(ConfigurationFailure.class);
        assertThat(SpringContext.startupFailure(t)).isEqualTo("content key '" + keys.activeId() + "' is not the key first"
                + " used under that id (its check value differs): give that id's original key; a new key takes a new id")
                .doesNotContain(other).doesNotContain("\n");
        // nothing was replaced: the original key still passes
        assertThat(ContentKeyCheck.verify(new JdbcTemplate(jobDataSource), keys)).isZero();
    }

    @Test
    void r11_aNewIdIsRecordedOnceThenHeldToItsBytes() {
        String id = "k-new-" + System.nanoTime();
        String key = randomKey();
        JdbcTemplate job = new JdbcTemplate(jobDataSource);
        assertThat(ContentKeyCheck.verify(job, ContentKeys.fromEnvironment(id + ":" + key))).isEqualTo(1);
        assertThat(ContentKeyCheck.verify(job, ContentKeys.fromEnvironment(id + ":" + key))).isZero();
        assertThatThrownBy(() -> ContentKeyCheck.verify(job, ContentKeys.fromEnvironment(id + ":" + randomKey())))
                .isInstanceOf(ConfigurationFailure.class).hasMessageContaining("'" + id + "'");
        // the job's role records a check value, never replaces nor removes one
        assertThatThrownBy(() -> job.update("UPDATE dmp.content_key SET check_value = repeat('0', 64)"))
                .rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> job.update("DELETE FROM dmp.content_key")).rootCause().hasMessageContaining("permission denied");
    }

    @Test
    void r11_anIdGivenTwiceInTheEnvironmentOrTheKeyFileIsRefusedWhateverItsBytes() {
        String a = randomKey();
        assertThatThrownBy(() -> ContentKeys.fromEnvironment("k1:" + a + ";k1:" + randomKey()))
                .isInstanceOf(ConfigurationFailure.class)
                .hasMessage("content key 'k1' is given twice in DMP_CONTENT_KEYS: one id, one key (a new key takes a new id)");
        assertThatThrownBy(() -> ContentKeys.fromEnvironment("k1:" + a + ";k1:" + a)).isInstanceOf(ConfigurationFailure.class);
        assertThat(ContentKeys.fromEnvironment("k1:" + a + ";k2:" + randomKey()).activeId()).isEqualTo("k2");
    }

    /** Round 9 attack 12: a malformed key was "cannot start: java.lang.IllegalStateException"; now one line saying what. */
    @Test
    void aMalformedKeyIsAConfigurationFailureSayingWhatNeverEchoingTheKey() {
        String eight = java.util.Base64.getEncoder().encodeToString(new byte[8]);
        assertThatThrownBy(() -> ContentKeys.fromEnvironment("k9:" + eight)).isInstanceOf(ConfigurationFailure.class)
                .hasMessage("content key 'k9' is not an AES key (16, 24 or 32 bytes)");
        assertThatThrownBy(() -> ContentKeys.fromEnvironment("k9:not*base64")).isInstanceOf(ConfigurationFailure.class)
                .hasMessage("content key 'k9' is not base64");
        String key = randomKey();
        // a key pasted where its id goes (44 characters, base64 signs): refused, never printed
        assertThatThrownBy(() -> ContentKeys.fromEnvironment(key + ":" + key)).isInstanceOf(ConfigurationFailure.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key.substring(0, 12)).contains("content key id"));
    }

    @Test
    void r11_rotationUnderAKnownIdWithOtherBytesStopsBeforeResealingAnything() {
        ingest("lab-results", dropWithSamples("lab-results"));
        long sealed = count("SELECT count(*) FROM dmp.content WHERE key_id = ?", keys.activeId());
        assertThat(sealed).isPositive();
        ContentKeys wrong = ContentKeys.fromEnvironment(keys.activeId() + ":" + randomKey());
        assertThatThrownBy(() -> new ContentVault(jdbc, new ContentCipher(wrong)).resealUnderActiveKey(7))
                .isInstanceOf(ConfigurationFailure.class);
        assertThat(count("SELECT count(*) FROM dmp.content WHERE key_id = ?", keys.activeId())).isEqualTo(sealed);
    }
}
