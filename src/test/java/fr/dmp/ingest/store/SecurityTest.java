package fr.dmp.ingest.store;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.domain.Sha256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * rules.md R10 (who may read what) and R11 (contents encrypted at rest, tampering detected), against
 * real PostgreSQL with the roles the migrations create.
 */
class SecurityTest extends PipelineTestSupport {

    @Autowired
    DataSource jobDataSource;

    @Autowired
    ContentCipher cipher;

    @TempDir
    Path keysDir;

    @BeforeEach
    void someDocuments() {
        ingest("lab-results", dropWithSamples("lab-results"));
    }

    /** Runs a statement as a role, in a transaction rolled back afterwards. */
    private Throwable as(String role, String sql) {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        try {
            tx.executeWithoutResult(s -> {
                jdbc.execute("SET LOCAL ROLE " + role);
                jdbc.queryForList(sql);
                s.setRollbackOnly();
            });
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void refused(Throwable t) {
        assertThat(t).as("refused").isNotNull();
        assertThat(t.getCause() != null ? t.getCause().getMessage() : t.getMessage()).contains("permission denied");
    }

    @Test
    void r10_theJobRunsAsDmpIngestWhichWritesButCannotReadContents() {
        assertThat(new JdbcTemplate(jobDataSource).queryForObject("SELECT current_user", String.class)).isEqualTo("dmp_ingest");
        refused(as("dmp_ingest", "SELECT data FROM dmp.content"));
        refused(as("dmp_ingest", "SELECT data FROM dmp.document_text"));
        refused(as("dmp_ingest", "SELECT value FROM dmp.observation"));
        refused(as("dmp_ingest", "SELECT * FROM dmp.audit_event"));
        refused(as("dmp_ingest", "SELECT title FROM dmp.document"));
        refused(as("dmp_ingest", "SELECT classification FROM dmp.document"));
        assertThat(as("dmp_ingest", "SELECT sha256 FROM dmp.content")).isNull();
        assertThat(as("dmp_ingest", "SELECT document_uid, status FROM dmp.document")).isNull();
    }

    @Test
    void r10_theAuditTrailCannotBeChangedByAnyRole() {
        refused(as("dmp_ingest", "UPDATE dmp.audit_event SET detail = 'x' RETURNING id"));
        refused(as("dmp_ingest", "DELETE FROM dmp.audit_event RETURNING id"));
        refused(as("dmp_reader", "DELETE FROM dmp.audit_event RETURNING id"));
        refused(as("dmp_audit", "UPDATE dmp.audit_event SET detail = 'x' RETURNING id"));
    }

    @Test
    void r10_theReaderReadsContentsOnlyThroughItsFunctionsAndWritesNothingTheAuditorReadsOnlyTheTrail() {
        // V17 (R16, R17): the reader reads contents only through the read functions, which hide and trace (ReaderRightsTest)
        refused(as("dmp_reader", "SELECT data FROM dmp.content"));
        refused(as("dmp_reader", "SELECT data FROM dmp.document_text"));
        assertThat(as("dmp_reader", "SELECT * FROM dmp.read_content('security-test', (SELECT 1))")).isNull();
        refused(as("dmp_reader", "INSERT INTO dmp.audit_event (action) VALUES ('STORED') RETURNING id"));
        refused(as("dmp_reader", "UPDATE dmp.document SET status = 'DELETED' RETURNING id"));
        refused(as("dmp_reader", "SELECT * FROM dmp.audit_event"));
        assertThat(as("dmp_audit", "SELECT * FROM dmp.audit_event")).isNull();
        refused(as("dmp_audit", "SELECT data FROM dmp.content"));
        refused(as("dmp_audit", "SELECT title FROM dmp.document"));
        refused(as("dmp_audit", "SELECT birth_name FROM dmp.dossier"));
    }

    @Test
    void r11_contentsAndTextsAreSealedWithAKeyIdPerRowAndOpenToTheirSha() {
        assertThat(count("SELECT count(*) FROM dmp.content WHERE key_id IS NULL")).isZero();
        assertThat(count("SELECT count(*) FROM dmp.document_text WHERE key_id IS NULL OR text IS NOT NULL")).isZero();
        // no plaintext in the table: an HL7 message starts with MSH
        assertThat(count("SELECT count(*) FROM dmp.content WHERE position('MSH|'::bytea in data) > 0")).isZero();
        ContentVault vault = new ContentVault(jdbc, cipher);
        for (String sha : jdbc.queryForList("SELECT sha256 FROM dmp.content", String.class)) {
            byte[] plain = vault.content(sha).orElseThrow();
            assertThat(Sha256.hex(plain)).isEqualTo(sha);
            assertThat(new String(plain, java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("MSH|");
        }
        long doc = count("SELECT min(document_id) FROM dmp.document_text");
        assertThat(vault.text(doc)).hasValueSatisfying(t -> assertThat(t).isNotBlank());
    }

    @Test
    void r11_aTamperedBlobOrOneMovedToAnotherRowIsDetectedOnRead() {
        List<String> shas = jdbc.queryForList("SELECT sha256 FROM dmp.content ORDER BY sha256 LIMIT 2", String.class);
        ContentVault vault = new ContentVault(jdbc, cipher);
        // one byte flipped, never set: a byte already 0xff (1 in 256 of random ciphertexts) left the blob intact (the suite, round 32)
        jdbc.update("UPDATE dmp.content SET data = set_byte(data, 19, get_byte(data, 19) # 255) WHERE sha256 = ?", shas.get(0));
        assertThatThrownBy(() -> vault.content(shas.get(0))).isInstanceOf(ContentCipher.TamperedContent.class)
                .hasMessageContaining("altered");
        jdbc.update("UPDATE dmp.content SET data = (SELECT data FROM dmp.content WHERE sha256 = ?) WHERE sha256 = ?",
                shas.get(1), shas.get(0));
        assertThatThrownBy(() -> vault.content(shas.get(0))).isInstanceOf(ContentCipher.TamperedContent.class);
        assertThat(vault.content(shas.get(1))).isPresent();
    }

    /** Round 31, a tester: a key file made readable by others ({@code chmod 644}) stayed so, with no word. */
    @Test
    void r11_aKeyFileReadableByOthersLosesTheirRightsWhenLoaded() throws Exception {
        Path file = keysDir.resolve("open.keys");
        Files.copy(fr.dmp.ingest.TestKeys.file(), file);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        ContentKeys.fromFile(file);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    }

    @Test
    void r11_rotationResealsEveryRowUnderTheNewKeyAndTheOldOnesStillOpen() throws Exception {
        Path file = keysDir.resolve("content.keys");
        Files.copy(fr.dmp.ingest.TestKeys.file(), file);
        jdbc.update("UPDATE dmp.document_text SET text = 'legacy plaintext', data = NULL, key_id = NULL WHERE document_id ="
                + " (SELECT min(document_id) FROM dmp.document_text)");
        ContentKeys.appendNewKey(file, "rotated");
        ContentCipher rotated = new ContentCipher(ContentKeys.fromFile(file));
        long resealed = new ContentVault(jdbc, rotated).resealUnderActiveKey(7);
        assertThat(resealed).isEqualTo(count("SELECT count(*) FROM dmp.content") + count("SELECT count(*) FROM dmp.document_text"));
        assertThat(count("SELECT count(*) FROM dmp.content WHERE key_id <> 'rotated'")).isZero();
        assertThat(count("SELECT count(*) FROM dmp.document_text WHERE key_id <> 'rotated' OR text IS NOT NULL")).isZero();
        ContentVault vault = new ContentVault(jdbc, rotated);
        for (String sha : jdbc.queryForList("SELECT sha256 FROM dmp.content", String.class)) {
            assertThat(Sha256.hex(vault.content(sha).orElseThrow())).isEqualTo(sha);
        }
        assertThat(vault.text(count("SELECT min(document_id) FROM dmp.document_text"))).contains("legacy plaintext");
    }

    @Test
    void r11_theGeneratedKeyFileIsReadableByItsOwnerOnly() throws Exception {
        Path file = keysDir.resolve("new.keys");
        ContentKeys keys = ContentKeys.generate(file);
        assertThat(keys.activeId()).isEqualTo("k1");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        assertThat(Set.copyOf(Files.getPosixFilePermissions(fr.dmp.ingest.TestKeys.file())))
                .doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    }
}
