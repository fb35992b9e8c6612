package fr.dmp.ingest.store;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.report.AuditChain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 ("leaks" 3), rules.md R7/R10: the audit trail is a hash chain computed by the database, which the
 * job's role cannot bypass, and {@code audit --verify} ({@link AuditChain}, run as dmp_audit) finds a row the
 * owner altered, deleted or inserted past the chain, naming its id only.
 */
class AuditChainTest extends PipelineTestSupport {

    @BeforeEach
    void aRunOfTwoFeeds() {
        ingest("lab-results", dropWithSamples("lab-results"));
        ingest("patient-events", dropWithSamples("patient-events"));
    }

    /** Verifies as the audit role, the way {@code audit --verify} connects. */
    private AuditChain.Verdict verifyAsAuditor() {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        return tx.execute(s -> {
            jdbc.execute("SET LOCAL ROLE dmp_audit");
            AuditChain.Verdict v = new AuditChain(jdbc).verify();
            s.setRollbackOnly();
            return v;
        });
    }

    /** The owner changes the trail behind the triggers' back, as only a table owner can. */
    private void asOwnerWithout(String trigger, String... statements) {
        jdbc.execute("ALTER TABLE dmp.audit_event DISABLE TRIGGER " + trigger);
        try {
            for (String sql : statements) {
                jdbc.execute(sql);
            }
        } finally {
            jdbc.execute("ALTER TABLE dmp.audit_event ENABLE TRIGGER " + trigger);
        }
    }

    private long idAt(long seq) {
        return count("SELECT id FROM dmp.audit_event WHERE chain_seq = ?", seq);
    }

    @Test
    void r7_afterANormalRunOfEveryFeedTheChainHoldsInOneSerialOrder() {
        ingest("hospital-reports", dropWithSamples("hospital-reports"));
        ingest("legacy-migration", dropWithSamples("legacy-migration"));
        ingest("prescriptions", dropWithSamples("prescriptions"));
        AuditChain.Verdict v = verifyAsAuditor();
        assertThat(v.holds()).as(v.line()).isTrue();
        long rows = count("SELECT count(*) FROM dmp.audit_event");
        assertThat(rows).isGreaterThan(100);
        assertThat(v.rows()).isEqualTo(rows).isEqualTo(v.headSeq());
        assertThat(v.line()).startsWith("audit chain holds: " + rows + " rows");
        // the two partitions wrote concurrently: their rows still take one order, and the trail's time follows it
        assertThat(count("SELECT count(DISTINCT job_execution_id) FROM dmp.audit_event")).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM dmp.audit_event a JOIN dmp.audit_event b ON b.chain_seq = a.chain_seq + 1"
                + " WHERE b.at < a.at OR b.prev_hash <> a.row_hash")).isZero();
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE written_by <> 'dmp_ingest'")).isZero();
    }

    /** V35: the head advances once per statement; several statements of one transaction, and transactions racing. */
    @Test
    void r7_severalStatementsPerTransactionAndRacingTransactionsKeepOneChain() throws Exception {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        Runnable writer = () -> {
            for (int t = 0; t < 5; t++) {
                tx.executeWithoutResult(s -> {
                    for (int statement = 0; statement < 3; statement++) {
                        jdbc.update("INSERT INTO dmp.audit_event (action, feed, detail) SELECT 'STORED', 'race', 'row ' || g"
                                + " FROM generate_series(1, 40) g");
                    }
                });
            }
        };
        Thread other = new Thread(writer);
        other.start();
        writer.run();
        other.join();
        AuditChain.Verdict v = verifyAsAuditor();
        assertThat(v.holds()).as(v.line()).isTrue();
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE feed = 'race'")).isEqualTo(2 * 5 * 3 * 40);
        assertThat(v.rows()).isEqualTo(count("SELECT count(*) FROM dmp.audit_event")).isEqualTo(v.headSeq());
    }

    @Test
    void r7_aDetailTheOwnerAlteredIsFoundByItsRowIdNeverItsContent() {
        long id = idAt(7);
        asOwnerWithout("audit_event_append_only", "UPDATE dmp.audit_event SET detail = 'forged detail' WHERE id = " + id);
        AuditChain.Verdict v = verifyAsAuditor();
        assertThat(v.holds()).isFalse();
        assertThat(v.line()).isEqualTo("audit row " + id + " does not match its hash: altered or forged")
                .doesNotContain("forged detail");
    }

    @Test
    void r7_anAlteredRowWhoseHashTheOwnerRecomputedBreaksTheNextLink() {
        long id = idAt(7);
        asOwnerWithout("audit_event_append_only", "UPDATE dmp.audit_event SET reason = 'TYPE_UNKNOWN' WHERE id = " + id,
                "UPDATE dmp.audit_event a SET row_hash = dmp.audit_chain_hash(a.prev_hash, a) WHERE id = " + id);
        AuditChain.Verdict v = verifyAsAuditor();
        assertThat(v.line()).isEqualTo("audit row " + idAt(8)
                + " does not follow the row before it: that row was altered, or this one forged");
    }

    @Test
    void r7_aRowTheOwnerDeletedIsFoundInTheMiddleAndAtTheEnd() {
        long next = idAt(11);
        asOwnerWithout("audit_event_append_only", "DELETE FROM dmp.audit_event WHERE chain_seq = 10");
        AuditChain.Verdict v = verifyAsAuditor();
        assertThat(v.line()).isEqualTo("audit row " + next + " is at chain position 11 where 10 was expected: rows removed before it");

        emptyTheStore();
        ingest("lab-results", dropWithSamples("lab-results"));
        long last = count("SELECT max(chain_seq) FROM dmp.audit_event");
        asOwnerWithout("audit_event_append_only", "DELETE FROM dmp.audit_event WHERE chain_seq = " + last);
        assertThat(verifyAsAuditor().line()).isEqualTo("audit row " + idAt(last - 1) + " ends the chain but the head is at position "
                + last + ": rows removed after it");
    }

    @Test
    void r7_aRowTheOwnerInsertedBypassingTheTriggerIsFound() {
        long head = count("SELECT seq FROM dmp.audit_chain_head");
        // a forged row in the next position, linked to the head, with a made-up hash (the owner disables the chain's
        // triggers: the row's and, since V35, the statement's that advances the head)
        asOwnerWithout("USER", "INSERT INTO dmp.audit_event (action, detail, chain_seq, prev_hash, row_hash)"
                + " SELECT 'DELETED', 'forged', seq + 1, hash, sha256(hash) FROM dmp.audit_chain_head");
        long forged = count("SELECT id FROM dmp.audit_event WHERE chain_seq = ?", head + 1);
        assertThat(verifyAsAuditor().line()).isEqualTo("audit row " + forged + " does not match its hash: altered or forged");

        // one that knows the hash function, but cannot move the head without being the owner of everything
        asOwnerWithout("audit_event_append_only", "DELETE FROM dmp.audit_event WHERE id = " + forged);
        asOwnerWithout("USER", "INSERT INTO dmp.audit_event (action, detail, chain_seq, prev_hash, row_hash)"
                + " SELECT 'DELETED', 'forged', seq + 1, hash, '\\x00'::bytea FROM dmp.audit_chain_head",
                "UPDATE dmp.audit_event a SET row_hash = dmp.audit_chain_hash(a.prev_hash, a) WHERE detail = 'forged'");
        long cleverer = count("SELECT id FROM dmp.audit_event WHERE detail = 'forged'");
        assertThat(verifyAsAuditor().line()).isEqualTo("audit row " + cleverer + " is not the chain's recorded head: inserted bypassing the chain");
    }

    @Test
    void r10_theJobsRoleCannotBypassTheChainNorPlaceNorDateARow() {
        List<String> refusals = List.of(
                "ALTER TABLE dmp.audit_event DISABLE TRIGGER audit_event_chain",
                "INSERT INTO dmp.audit_event (action, chain_seq) VALUES ('STORED', 1)",
                "INSERT INTO dmp.audit_event (action, row_hash) VALUES ('STORED', '\\x00')",
                "INSERT INTO dmp.audit_event (action, at) VALUES ('STORED', now() - interval '1 year')",
                "INSERT INTO dmp.audit_event (id, action) OVERRIDING SYSTEM VALUE VALUES (1, 'STORED')",
                "INSERT INTO dmp.audit_event (action, written_by) VALUES ('STORED', 'someone')",
                "UPDATE dmp.audit_chain_head SET seq = 0",
                "UPDATE dmp.audit_event SET detail = 'x'",
                "DELETE FROM dmp.audit_event",
                "TRUNCATE dmp.audit_event",
                // V16: no row by hand at all; a change of state is audited only by the function that makes it
                "INSERT INTO dmp.audit_event (action, detail) VALUES ('DELETED', 'by hand')",
                "SELECT dmp.record_outcomes('f', NULL, 1, ARRAY['DELETED'], ARRAY[NULL::bigint], ARRAY[NULL], ARRAY[NULL], ARRAY['by hand'])",
                "SELECT dmp.audit_write('DELETED', 'f', NULL, 1, NULL, NULL, NULL, 'by hand', NULL)");
        for (String sql : refusals) {
            assertThat(asJob(sql)).as(sql).isNotNull();
        }
        // what the job's role may write (an outcome, through the store's function) is chained, and says who wrote it
        assertThat(asJob(BY_HAND)).isNull();
    }

    private static final String BY_HAND = "SELECT dmp.record_outcomes('f', NULL, 1, ARRAY['REJECTED'], ARRAY[NULL::bigint],"
            + " ARRAY[NULL], ARRAY['INS_INVALID'], ARRAY['by hand'])";

    @Test
    void r10_aRowTheJobsRoleWritesByHandIsChainedAndAttributed() {
        JdbcTemplate job = new JdbcTemplate(jobDataSource);
        job.queryForObject(BY_HAND, Integer.class);
        assertThat(verifyAsAuditor().holds()).isTrue();
        assertThat(jdbc.queryForObject("SELECT written_by FROM dmp.audit_event WHERE detail = 'by hand'", String.class))
                .isEqualTo("dmp_ingest");
    }

    @org.springframework.beans.factory.annotation.Autowired
    javax.sql.DataSource jobDataSource;

    /** A statement as the job's role, rolled back; the failure, or null when it was allowed. */
    private Throwable asJob(String sql) {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        try {
            tx.executeWithoutResult(s -> {
                jdbc.execute("SET LOCAL ROLE dmp_ingest");
                jdbc.execute(sql);
                s.setRollbackOnly();
            });
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
