package fr.dmp.ingest.store;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.classify.Classification;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Sha256;
import fr.dmp.ingest.format.Content;
import fr.dmp.ingest.format.Observation;
import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.intake.Disposition.ItemOutcome;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each part of the store alone, against the real PostgreSQL: what it writes, that writing it again stores
 * nothing twice (design.md: a chunk may be written again after a crash), and what it must never write.
 */
class StorePartsTest extends PipelineTestSupport {

    @Autowired
    DataSource jobDataSource;

    @Autowired
    ContentCipher cipher;

    private static final RunInfo RUN = new RunInfo("lab-results", "750000001", 42L, Clock.systemUTC());

    private interface Work {
        void run(Connection c) throws Exception;
    }

    /** Runs as the job does: as dmp_ingest, in one transaction, committed. */
    private void asTheJob(Work work) throws Exception {
        Connection c = DataSourceUtils.getConnection(jobDataSource);
        try {
            c.setAutoCommit(false);
            work.run(c);
            c.commit();
        } finally {
            c.setAutoCommit(true);
            DataSourceUtils.releaseConnection(c, jobDataSource);
        }
    }

    @Test
    void copyStreamEscapesWhatCopysTextFormatWouldReadAsSyntaxAndKeepsEveryOtherCharacter() throws Exception {
        // the runs between escapes are appended whole (issue 19): a value that begins or ends with one, or holds only
        // escapes, or none, must come back as it went
        List<String> values = List.of("", "plain", "\\", "\t\n\r\\", "a\\b\tc\nd\re", "\\N", "ends\\", "\nstarts",
                "é ü ł 𝄞 ½", "x".repeat(70_000) + "\t" + "y".repeat(10));
        asTheJob(c -> {
            try (var st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE copy_probe (i int, v text)");
            }
            try (CopyStream copy = CopyStream.open(c, "COPY copy_probe (i, v) FROM STDIN")) {
                for (int i = 0; i < values.size(); i++) {
                    copy.number(i).text(values.get(i)).endRow();
                }
                copy.number(values.size()).text(null).endRow();
                assertThat(copy.finish()).isEqualTo(values.size() + 1);
            }
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT i, v FROM copy_probe ORDER BY i")) {
                for (String expected : values) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(2)).isEqualTo(expected);
                }
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isNull();
            }
        });
    }

    @Test
    void decisionRowsRecordADispositionItsQuarantineEntryAndTheAuditOfTheRejectionOnce() throws Exception {
        ItemOutcome refused = ItemOutcome.rejected(0, ReasonCode.INS_INVALID, "control key does not match");
        Disposition d = new Disposition("tok-1", "lab-results", "r1.hl7", null, "ab".repeat(32), 10,
                Disposition.outcomeOf(List.of(refused)), List.of(refused), 42L, Instant.parse("2026-12-01T00:00:00Z"));
        DecisionRows rows = new DecisionRows(RUN);

        asTheJob(c -> rows.recordWithAudit(c, List.of(d)));
        asTheJob(c -> rows.recordDecisions(c, List.of(d))); // the same chunk written again

        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.disposition WHERE claim_token = 'tok-1'", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT outcome, primary_reason FROM dmp.disposition WHERE claim_token = 'tok-1'"))
                .containsEntry("outcome", "QUARANTINED").containsEntry("primary_reason", "INS_INVALID");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.quarantine_entry WHERE claim_token = 'tok-1'", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT action, reason, feed, job_execution_id FROM dmp.audit_event"))
                .containsEntry("action", "REJECTED").containsEntry("reason", "INS_INVALID")
                .containsEntry("feed", "lab-results").containsEntry("job_execution_id", 42L);
    }

    @Test
    void sealedContentsStoreEachContentOnceSealedAndItOpensToTheSameBytes() throws Exception {
        byte[] plain = "MSH|^~\\&|LAB|FAC|DMP|DMP|20260101||ORU^R01|M1|P|2.5\r".getBytes(StandardCharsets.UTF_8);
        String sha = Sha256.hex(plain);
        Content content = new Content(plain, sha, "application/hl7-v2", null);
        SealedContents contents = new SealedContents(cipher);

        List<List<Content>> storedBefore = new java.util.ArrayList<>();
        asTheJob(c -> storedBefore.add(contents.insertContents(c, List.of(content, content))));
        asTheJob(c -> storedBefore.add(contents.insertContents(c, List.of(content))));
        // only a content stored by a chunk before is one a deletion beside this chunk could drop (V49's hold)
        assertThat(storedBefore).containsExactly(List.of(), List.of(content));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.content WHERE sha256 = ?", Long.class, sha)).isEqualTo(1);
        Map<String, Object> row = jdbc.queryForMap("SELECT key_id, data FROM dmp.content WHERE sha256 = ?", sha);
        assertThat(row.get("key_id")).isNotNull(); // rules.md R11
        assertThat(new String((byte[]) row.get("data"), StandardCharsets.ISO_8859_1)).doesNotContain("ORU^R01");
        assertThat(new ContentVault(jdbc, cipher).content(sha)).hasValueSatisfying(b -> assertThat(b).isEqualTo(plain));
    }

    @Test
    void documentAndObservationRowsAfterARunAnswerLookUpsMarkAVersionOnceAndTakeResultsOnce() throws Exception {
        ingest("lab-results", dropWithSamples("lab-results"));
        Map<String, Object> any = jdbc.queryForMap("SELECT id, document_uid, set_id FROM dmp.document"
                + " WHERE status = 'CURRENT' ORDER BY id LIMIT 1");
        String uid = (String) any.get("document_uid");
        String setId = (String) any.get("set_id");
        long id = (Long) any.get("id");
        DocumentRows documents = new DocumentRows(RUN);

        asTheJob(c -> {
            assertThat(documents.byUid(c, List.of(uid, "2.25.0"))).containsOnlyKeys(uid);
            assertThat(documents.currentOfSets(c, List.of(setId)).get(setId).id()).isEqualTo(id);
            assertThat(documents.lockById(c, "2.25.0")).isNull();
            assertThat(documents.markReplaced(c, id, "replaced by test")).isTrue();
            assertThat(documents.markReplaced(c, id, "replaced by test")).isFalse(); // only a CURRENT version is marked
            assertThat(documents.currentOfSets(c, List.of(setId))).isEmpty();
            assertThat(documents.lockById(c, uid).status()).isEqualTo("REPLACED");
        });
        // rules.md R7: the mark and its audit row come from one call of the store's function, once
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.audit_event WHERE action = 'REPLACED' AND document_uid = ?"
                + " AND detail = 'replaced by test'", Long.class, uid)).isEqualTo(1);

        long before = jdbc.queryForObject("SELECT count(*) FROM dmp.observation WHERE document_id = ?", Long.class, id);
        Observation o = new Observation(9_999, "NM", "718-7", "LN", "Hémoglobine", "13,8", new BigDecimal("13.8"),
                "g/dL", "12-16", "N", "F", Instant.parse("2026-01-01T08:00:00Z"));
        // COPY in the chunk's transaction (issue 19): tabs, line breaks, backslashes and nulls come back as they were sent
        Observation odd = new Observation(10_000, "TX", "8251-1", "LN", "Commentaire\tbiologiste", "ligne 1\nligne 2\r\\N \\",
                null, null, null, null, "F", null);
        ObservationRows observations = new ObservationRows();
        asTheJob(c -> assertThat(observations.insert(c, List.of(new ObservationRows.Row(id, o), new ObservationRows.Row(id, odd))))
                .isEqualTo(2));
        assertThat(jdbc.queryForMap("SELECT display, value, numeric_value, unit, observed_at FROM dmp.observation"
                + " WHERE document_id = ? AND seq = 10000", id))
                .containsEntry("display", "Commentaire\tbiologiste").containsEntry("value", "ligne 1\nligne 2\r\\N \\")
                .containsEntry("numeric_value", null).containsEntry("unit", null).containsEntry("observed_at", null);
        assertThat(jdbc.queryForObject("SELECT numeric_value FROM dmp.observation WHERE document_id = ? AND seq = 9999",
                BigDecimal.class, id)).isEqualByComparingTo("13.8");
        // the same results again are refused by the primary key, and a row of a document not stored by the foreign key:
        // the COPY fails whole and the chunk's transaction rolls back with nothing of it written
        Observation fresh = new Observation(10_001, "NM", "2345-7", "LN", "Glucose", "5,1", new BigDecimal("5.1"),
                "mmol/L", null, null, "F", null);
        for (List<ObservationRows.Row> refused : List.of(List.of(new ObservationRows.Row(id, fresh), new ObservationRows.Row(id, o)),
                List.of(new ObservationRows.Row(id, fresh), new ObservationRows.Row(Long.MAX_VALUE, fresh)))) {
            assertThatThrownBy(() -> asTheJob(c -> {
                try {
                    observations.insert(c, refused);
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            })).isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isIn("23505", "23503");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.observation WHERE document_id = ?", Long.class, id))
                .isEqualTo(before + 2);
    }

    @Test
    void theClassificationColumnSaysSourceConfidenceAndEvidence() {
        String json = DocumentRows.classificationJson(new Classification(
                fr.dmp.ingest.classify.Catalogue.standard().type("11502-2").orElseThrow(), 0.97, "content", List.of("title-cue:BILAN")));
        assertThat(json).isEqualTo("{\"source\":\"content\",\"confidence\":0.97,\"evidence\":[\"title-cue:BILAN\"]}");
    }
}
