package fr.dmp.ingest.store;

import fr.dmp.ingest.PipelineTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 3, the writer's side (rules.md R5, R6, R7, R10): the attacker holds the job's own login,
 * {@code dmp_ingest} (its password is in the job's configuration), connects and tries to change the record
 * without leaving an audit row. Each move below worked before V16; each is now refused by PostgreSQL itself,
 * while the job's pipeline (RulesTest, StorePartsTest, PatientRightsTest) still stores, masks, deletes, closes
 * and merges, through the store's functions that write the change and its audit row in one call.
 */
class JobRoleAttackTest extends PipelineTestSupport {

    @Autowired
    DataSource jobDataSource;

    private long dossier;
    private long document;
    private String sha;

    @BeforeEach
    void aStoredLabResult() {
        ingest("lab-results", dropWithSamples("lab-results"));
        document = jdbc.queryForObject("SELECT min(document_id) FROM dmp.observation", Long.class);
        dossier = jdbc.queryForObject("SELECT dossier_id FROM dmp.document WHERE id = ?", Long.class, document);
        sha = jdbc.queryForObject("SELECT content_sha256 FROM dmp.document WHERE id = ?", String.class, document);
    }

    /** A statement over the job's own connection (logged in as dmp_ingest), rolled back; its failure, or null. */
    private Throwable asTheJob(String sql, Object... args) {
        JdbcTemplate job = new JdbcTemplate(jobDataSource);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jobDataSource));
        try {
            tx.executeWithoutResult(s -> {
                assertThat(job.queryForObject("SELECT session_user", String.class)).isEqualTo("dmp_ingest");
                job.queryForList(sql, args);
                s.setRollbackOnly();
            });
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void permissionDenied(Throwable t, String move) {
        assertThat(t).as(move + ": refused").isNotNull();
        String message = t.getCause() != null ? t.getCause().getMessage() : t.getMessage();
        assertThat(message).as(move).contains("permission denied");
    }

    private static void refusedWith(Throwable t, String move, String why) {
        assertThat(t).as(move + ": refused").isNotNull();
        String message = t.getCause() != null ? t.getCause().getMessage() : t.getMessage();
        assertThat(message).as(move).contains(why);
    }

    @Test
    void overwritingAContentIsRefused() {
        permissionDenied(asTheJob("UPDATE dmp.content SET data = '\\x00'::bytea WHERE sha256 = ?", sha), "overwrite content.data");
        permissionDenied(asTheJob("UPDATE dmp.content SET data = NULL, dropped_at = now() WHERE sha256 = ?", sha), "drop a content silently");
        permissionDenied(asTheJob("INSERT INTO dmp.content (sha256, media_type, size_bytes, data, dropped_at) VALUES"
                + " (repeat('a', 64), 'text/plain', 0, NULL, now())"), "insert a content marked dropped");
    }

    @Test
    void unmaskingUndeletingOrUnflaggingADocumentByHandIsRefused() {
        jdbc.update("UPDATE dmp.document SET confidentiality = '{N,MASQUE_PS}' WHERE id = ?", document); // masked by the patient
        permissionDenied(asTheJob("UPDATE dmp.document SET confidentiality = '{N}' WHERE id = ?", document), "unmask");
        permissionDenied(asTheJob("UPDATE dmp.document SET status = 'CURRENT' WHERE id = ?", document), "un-delete");
        permissionDenied(asTheJob("UPDATE dmp.document SET status = 'DELETED' WHERE id = ?", document), "delete without audit");
        permissionDenied(asTheJob("UPDATE dmp.document SET flags = '{}' WHERE id = ?", document), "drop a flag");
        permissionDenied(asTheJob("UPDATE dmp.document SET dossier_id = dossier_id WHERE id = ?", document), "move a document");
        permissionDenied(asTheJob("INSERT INTO dmp.document (document_uid, status) VALUES ('x', 'REPLACED')"),
                "insert a document in a state of one's choosing");
    }

    @Test
    void unDeceasingAPatientOrLiftingAnOppositionByHandIsRefused() {
        jdbc.update("UPDATE dmp.dossier SET status = 'DECEASED', deceased_at = now(), emergency_access_opposed = true WHERE id = ?",
                dossier);
        jdbc.update("INSERT INTO dmp.dossier_opposition (dossier_id, source, active, changed_at) VALUES (?, '*', true, now())", dossier);
        permissionDenied(asTheJob("UPDATE dmp.dossier SET status = 'OPEN', deceased_at = NULL WHERE id = ?", dossier), "un-decease");
        permissionDenied(asTheJob("UPDATE dmp.dossier SET emergency_access_opposed = false WHERE id = ?", dossier), "lift break-glass opposition");
        permissionDenied(asTheJob("UPDATE dmp.dossier SET merged_into = NULL WHERE id = ?", dossier), "unmerge");
        permissionDenied(asTheJob("UPDATE dmp.dossier SET birth_name = 'X' WHERE id = ?", dossier), "change the identity");
        permissionDenied(asTheJob("UPDATE dmp.dossier_opposition SET active = false WHERE dossier_id = ?", dossier), "withdraw an opposition");
        permissionDenied(asTheJob("DELETE FROM dmp.dossier_opposition WHERE dossier_id = ?", dossier), "delete an opposition");
        permissionDenied(asTheJob("INSERT INTO dmp.dossier (ins, ins_oid, created_by_feed, status) SELECT ins, '1.2.250.1.213.1.4.9',"
                + " 'x', 'OPEN' FROM dmp.dossier WHERE id = ?", dossier), "open a dossier in a state of one's choosing");
        // the store's function refuses it too: a death ends only by its annulment (R4), and says so in the audit
        refusedWith(asTheJob("SELECT dmp.change_dossier_state(?, 'OPEN', now(), NULL, NULL, NULL, 'REOPENED', 'f', NULL, 1, NULL, now())",
                dossier), "reopen a deceased dossier", "a death ends only by its annulment");
        refusedWith(asTheJob("SELECT dmp.change_dossier_state(?, 'OPEN', now(), NULL, NULL, NULL, 'CLOSED', 'f', NULL, 1, NULL, now())",
                dossier), "a state audited under another action", "does not match");
    }

    @Test
    void deletingResultsOrTextsByHandIsRefused() {
        permissionDenied(asTheJob("DELETE FROM dmp.observation WHERE document_id = ?", document), "delete results");
        permissionDenied(asTheJob("UPDATE dmp.observation SET value = '1' WHERE document_id = ?", document), "change a result");
        permissionDenied(asTheJob("DELETE FROM dmp.document_text WHERE document_id = ?", document), "delete a text");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.observation WHERE document_id = ?", Long.class, document)).isPositive();
    }

    @Test
    void forgingAuditRowsIsRefused() {
        permissionDenied(asTheJob("INSERT INTO dmp.audit_event (action, dossier_id, detail) VALUES ('UNMASKED', ?, 'x')", dossier),
                "insert an audit row");
        permissionDenied(asTheJob("SELECT dmp.audit_write('DELETED', 'f', NULL, 1, ?, NULL, NULL, 'x', NULL)", dossier),
                "call the functions' own audit writer");
        refusedWith(asTheJob("SELECT dmp.record_outcomes('f', NULL, 1, ARRAY['DELETED'], ARRAY[?::bigint], ARRAY[NULL], ARRAY[NULL],"
                + " ARRAY[NULL])", dossier), "a change of state passed as an outcome", "has its own function");
        refusedWith(asTheJob("SELECT dmp.record_outcomes('f', NULL, 1, ARRAY['STORED'], ARRAY[?::bigint], ARRAY['2.25.404'], ARRAY[NULL],"
                + " ARRAY[NULL])", dossier), "STORED for a document never stored", "not stored");
        refusedWith(asTheJob("SELECT dmp.set_confidentiality(?, (SELECT document_uid FROM dmp.document WHERE id = ?), '{MASQUE_PS}',"
                + " 'MASKED', 'f', NULL, 1, 'MASQUE_PS', now())", dossier, document), "a masking that drops N", "only adds codes");
    }

    /** The kept file of the lab result's claim: its data key exists (V20); the job may read it, never destroy it (V21). */
    private String keptClaim() {
        String token = jdbc.queryForObject("SELECT s.claim_token FROM dmp.kept_file_subject s JOIN dmp.document d"
                + " ON d.document_uid = s.document_uid WHERE d.id = ? LIMIT 1", String.class, document);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.kept_file_key WHERE claim_token = ?", Long.class, token)).isEqualTo(1);
        return token;
    }

    @Test
    void destroyingOrRewritingAKeptFileKeyOrForgingItsAuditRowsByHandIsRefused() {
        String token = keptClaim();
        permissionDenied(asTheJob("DELETE FROM dmp.kept_file_key WHERE claim_token = ?", token), "destroy a kept file's key unaudited");
        permissionDenied(asTheJob("UPDATE dmp.kept_file_key SET wrapped = '\\x00'::bytea WHERE claim_token = ?", token),
                "rewrite a kept file's key");
        permissionDenied(asTheJob("UPDATE dmp.kept_file_key SET claim_token = 'other' WHERE claim_token = ?", token),
                "move a kept file's key to another claim");
        permissionDenied(asTheJob("DELETE FROM dmp.kept_file_subject WHERE claim_token = ?", token),
                "hide which documents a kept file holds (it would escape a deletion's shredding)");
        permissionDenied(asTheJob("DELETE FROM dmp.kept_file_shredded"), "forget which claims were shredded");
        permissionDenied(asTheJob("SELECT dmp.kept_file_shred(ARRAY[?])", token), "call the owner's shredder");
        permissionDenied(asTheJob("INSERT INTO dmp.audit_event (action, feed, detail) VALUES ('KEPT_FILE_OPENED', 'lab-results', 'x')"),
                "insert a KEPT_FILE_OPENED audit row");
        permissionDenied(asTheJob("INSERT INTO dmp.audit_event (action, feed, dossier_id, detail) VALUES ('KEPT_FILE_DELETED',"
                + " 'lab-results', ?, 'x')", dossier), "insert a KEPT_FILE_DELETED audit row");
        permissionDenied(asTheJob("SELECT dmp.kept_file_audit('KEPT_FILE_OPENED', ?, 'lab-results', 'x')", token),
                "call the owner's kept-file audit writer");
        refusedWith(asTheJob("SELECT dmp.kept_file_opened('no-such-claim', 'x')"), "audit the opening of a claim never decided",
                "no such claim");
        refusedWith(asTheJob("SELECT dmp.kept_file_deleted('no-such-claim', 'x')"), "audit the deletion of a claim never decided",
                "no such claim");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.kept_file_key WHERE claim_token = ?", Long.class, token)).isEqualTo(1);
    }

    @Test
    void aDeletionAsTheJobShredsTheKeptFileInTheSameCallAndTheKeptFileFunctionsAudit() {
        String token = keptClaim();
        JdbcTemplate job = new JdbcTemplate(jobDataSource);
        job.queryForList("SELECT dmp.kept_file_opened(?, 'kept input of claim opened by test to a file')", token);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.audit_event WHERE action = 'KEPT_FILE_OPENED' AND dossier_id = ?",
                Long.class, dossier)).as("one opening row for the dossier the kept file holds").isEqualTo(1);
        job.queryForList("SELECT dmp.delete_document(?, ?, 'f', NULL, 1, NULL, now())", document, dossier);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.kept_file_key WHERE claim_token = ?", Long.class, token))
                .as("the deleted document's kept file key destroyed by delete_document itself").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.kept_file_shredded WHERE claim_token = ?", Long.class, token)).isEqualTo(1);
        job.queryForList("SELECT dmp.kept_file_deleted(?, 'unreadable')", token);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.audit_event WHERE action = 'KEPT_FILE_DELETED' AND dossier_id = ?",
                Long.class, dossier)).isEqualTo(1);
    }

    @Test
    void theFunctionsWriteTheChangeAndItsAuditRowInOneCallAsTheJob() {
        JdbcTemplate job = new JdbcTemplate(jobDataSource);
        String uid = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE id = ?", String.class, document);
        job.queryForList("SELECT dmp.delete_document(?, ?, 'f', NULL, 1, NULL, now())", document, dossier);
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.document WHERE id = ?", String.class, document)).isEqualTo("DELETED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.observation WHERE document_id = ?", Long.class, document)).isZero();
        assertThat(jdbc.queryForMap("SELECT action, written_by FROM dmp.audit_event WHERE document_uid = ? ORDER BY chain_seq DESC"
                + " LIMIT 1", uid)).containsEntry("action", "DELETED").containsEntry("written_by", "dmp_ingest");
        // a deleted document is not deleted twice, nor masked (R5)
        refusedWith(asTheJob("SELECT dmp.delete_document(?, ?, 'f', NULL, 1, NULL, now())", document, dossier), "delete twice",
                "no such document");
    }
}
