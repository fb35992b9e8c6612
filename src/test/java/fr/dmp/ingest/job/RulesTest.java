package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.tools.generate.AdtBuilder;
import fr.dmp.ingest.tools.generate.CdaBuilder;
import fr.dmp.ingest.tools.generate.OruBuilder;
import fr.dmp.ingest.tools.generate.SampleData;
import fr.dmp.ingest.tools.generate.SyntheticPatient;
import fr.dmp.ingest.tools.generate.SyntheticPatients;
import fr.dmp.ingest.report.AuditTrail;
import fr.dmp.ingest.report.RunReport;
import fr.dmp.ingest.store.ContentCipher;
import fr.dmp.ingest.store.ContentVault;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One test per rule of shared/domain/rules.md that the pipeline enforces, against real PostgreSQL, on
 * the sample-data scenario: lab-results opens the dossiers, patient-events changes them, then
 * hospital-reports and legacy-migration bring documents that hit each rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class) // the last test, theSameEvents…, changes the scenario
class RulesTest extends PipelineTestSupport {

    static final List<SyntheticPatient> P = SampleData.patients();
    static final String HOSPITAL = "hospital-reports";

    @Autowired
    ContentCipher cipher;

    RunReport events;
    RunReport hospital;
    RunReport legacy;

    @Override
    protected boolean emptyStoreBeforeEach() {
        return false;
    }

    @BeforeAll
    void scenario() throws Exception {
        work = Files.createTempDirectory("dmp-rules-test"); // @TempDir is not injected before @BeforeAll
        emptyTheStore();
        ingest("lab-results", dropWithSamples("lab-results"));
        events = ingest("patient-events", dropWithSamples("patient-events"));
        hospital = ingest(HOSPITAL, dropWithSamples(HOSPITAL));
        legacy = ingest("legacy-migration", dropWithSamples("legacy-migration"));
    }

    private long dossier(SyntheticPatient p) {
        return count("SELECT id FROM dmp.dossier WHERE ins = ?", p.ins());
    }

    private String status(String uid) {
        return jdbc.queryForObject("SELECT status FROM dmp.document WHERE document_uid = ?", String.class, uid);
    }

    @Test
    void r1_oneDossierPerInsAndTheDatabaseRefusesASecondOrAMalformedIns() {
        assertThat(count("SELECT count(*) FROM (SELECT ins, ins_oid FROM dmp.dossier GROUP BY 1, 2 HAVING count(*) > 1) x")).isZero();
        assertThatThrownBy(() -> jdbc.update("INSERT INTO dmp.dossier (ins, ins_oid, created_by_feed) VALUES (?, ?, 'test')",
                P.get(1).ins(), SyntheticPatient.TEST_OID)).hasMessageContaining("dossier_one_per_ins");
        assertThatThrownBy(() -> jdbc.update("INSERT INTO dmp.dossier (ins, ins_oid, created_by_feed) VALUES ('279035121518988', ?, 'test')",
                SyntheticPatient.TEST_OID)).hasMessageContaining("check");
    }

    @Test
    void r2_aFeedOfExistingDossiersNeverOpensOne() {
        assertThat(outcome("legacy-migration", "bad-no-dossier.hpr")).isEqualTo("QUARANTINED:DOSSIER_UNKNOWN");
        assertThat(count("SELECT count(*) FROM dmp.dossier WHERE created_by_feed = 'legacy-migration'")).isZero();
        assertThat(legacy.stored()).isEqualTo(14);
    }

    @Test
    void r3_aClosedDossierTakesNoDocumentKeepsItsDocumentsForTenYearsAndCanBeReopened() {
        assertThat(outcome(HOSPITAL, "rule-r3-closed.xml")).isEqualTo("QUARANTINED:DOSSIER_CLOSED");
        long closed = dossier(P.get(0));
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.dossier WHERE id = ?", String.class, closed)).isEqualTo("CLOSED");
        assertThat(jdbc.queryForObject("SELECT retention_until FROM dmp.dossier WHERE id = ?", LocalDate.class, closed))
                .isEqualTo(LocalDate.of(2036, 11, 10));
        assertThat(count("SELECT count(*) FROM dmp.document WHERE dossier_id = ? AND status = 'CURRENT'", closed)).isPositive();
        assertThat(count("SELECT count(*) FROM dmp.document d WHERE d.dossier_id = ? AND d.source_feed = ?", closed, HOSPITAL)).isZero();
        // patient 1: closed on the 5th, reopened on the 12th: open, and fed
        assertThat(outcome(HOSPITAL, "rule-r3-reopened.xml")).isEqualTo("STORED");
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.dossier WHERE id = ?", String.class, dossier(P.get(1)))).isEqualTo("OPEN");
    }

    @Test
    void r4_deathClosesTheDossierForGood() {
        long deceased = dossier(P.get(2));
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.dossier WHERE id = ?", String.class, deceased)).isEqualTo("DECEASED");
        assertThat(jdbc.queryForObject("SELECT deceased_at FROM dmp.dossier WHERE id = ?", java.sql.Timestamp.class, deceased)
                .toInstant()).isEqualTo(Instant.parse("2026-11-14T16:20:00Z"));
        assertThat(outcome(HOSPITAL, "rule-r4-deceased.xml")).isEqualTo("QUARANTINED:PATIENT_DECEASED");
    }

    @Test
    void r5_deletionIsAStateThatMakesTheContentUnreadableAndKeepsTheAudit() {
        String uid = jdbc.queryForObject("SELECT detail FROM dmp.dossier_event WHERE kind = 'delete-document'"
                + " ORDER BY id LIMIT 1", String.class); // sample-data's deletion (a later test adds its own)
        assertThat(status(uid)).isEqualTo("DELETED");
        assertThat(count("SELECT count(*) FROM dmp.content c JOIN dmp.document d ON d.content_sha256 = c.sha256"
                + " WHERE d.document_uid = ? AND c.data IS NULL AND c.dropped_at IS NOT NULL", uid)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dmp.document_text t JOIN dmp.document d ON d.id = t.document_id WHERE d.document_uid = ?", uid)).isZero();
        assertThat(count("SELECT count(*) FROM dmp.observation o JOIN dmp.document d ON d.id = o.document_id WHERE d.document_uid = ?", uid)).isZero();
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'DELETED' AND document_uid = ?", uid)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT coalesce(title, '') || classification::text FROM dmp.document WHERE document_uid = ?",
                String.class, uid)).isEqualTo("{\"deleted\": true}");
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'STORED' AND document_uid = ?", uid)).isEqualTo(1);
    }

    @Test
    void r6_confidentialityFlagsFromTheSourceAreKeptAndMaskingByThePatientIsAudited() {
        assertThat(jdbc.queryForObject("SELECT array_to_string(confidentiality, ',') FROM dmp.document WHERE source_file = ?",
                String.class, "rule-r6-very-restricted.xml")).isEqualTo("V");
        assertThat(jdbc.queryForObject("SELECT array_to_string(confidentiality, ',') FROM dmp.document WHERE source_file = ?",
                String.class, "rule-r6-masked-at-source.pdf")).isEqualTo("N,MASQUE_PS,INVISIBLE_PATIENT");
        String masked = jdbc.queryForObject("SELECT split_part(detail, ';', 1) FROM dmp.dossier_event WHERE kind = 'mask'"
                + " ORDER BY id LIMIT 1", String.class); // sample-data's masking (a later test adds its own)
        assertThat(jdbc.queryForObject("SELECT array_to_string(confidentiality, ',') FROM dmp.document WHERE document_uid = ?",
                String.class, masked)).isEqualTo("N,MASQUE_PS"); // issue 15: masking keeps the source's N
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'MASKED' AND document_uid = ?", masked)).isEqualTo(1);
    }

    @Test
    void r7_everyActionIsAuditedAppendOnlyWithoutContentAndThePatientSeesHisHistory() {
        assertThatThrownBy(() -> jdbc.update("UPDATE dmp.audit_event SET detail = 'x'")).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM dmp.audit_event")).rootCause().hasMessageContaining("append-only");
        for (String action : List.of("CREATED", "STORED", "DUPLICATE", "REJECTED", "REPLACED", "MASKED", "DELETED", "CLOSED",
                "REOPENED", "DEATH", "OPPOSITION", "MERGED", "EMERGENCY_ACCESS")) {
            assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = ?", action)).as(action).isPositive();
        }
        // never the content: no audit detail holds a line of a stored document's text (opened with the key)
        ContentVault vault = new ContentVault(jdbc, cipher);
        List<String> details = jdbc.queryForList("SELECT detail FROM dmp.audit_event WHERE detail IS NOT NULL", String.class);
        int lines = 0;
        for (long id : jdbc.queryForList("SELECT id FROM dmp.document", Long.class)) {
            for (String line : vault.text(id).orElse("").split("\n")) {
                String l = line.strip();
                if (l.length() >= 20) {
                    lines++;
                    assertThat(details).noneMatch(d -> d.contains(l));
                }
            }
        }
        assertThat(lines).as("text lines opened and compared").isGreaterThan(100);
        AuditTrail trail = new AuditTrail(jdbc);
        long reopened = dossier(P.get(1));
        assertThat(trail.history(reopened, false)).extracting(AuditTrail.Entry::action)
                .containsSubsequence("CREATED", "CLOSED", "REOPENED", "STORED");
        // R6: the patient's view leaves out what concerns a document invisible to the patient
        String invisible = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = ?", String.class,
                "rule-r6-masked-at-source.pdf");
        long five = dossier(P.get(5));
        assertThat(trail.history(five, false)).extracting(AuditTrail.Entry::documentUid).doesNotContain(invisible);
        assertThat(trail.history(five, true)).extracting(AuditTrail.Entry::documentUid).contains(invisible);
    }

    @Test
    void r8_theStoreKeepsWhatTheDocumentCarriesAndNothingAboutThePatientFromElsewhere() {
        assertThat(jdbc.queryForList("SELECT column_name FROM information_schema.columns WHERE table_schema = 'dmp'"
                + " AND table_name = 'dossier'", String.class)).containsExactlyInAnyOrder("id", "ins", "ins_oid", "birth_name",
                "first_names", "first_names_written_out", "sex", "birth_date", "birth_date_precision", "birth_place", "identity_status", "status", "created_by_feed", "created_at",
                "updated_at", "state_changed_at", "closed_at", "retention_until", "deceased_at", "emergency_access_opposed",
                "merged_into");
        // the dossier opened by a document takes that document's traits (ins.md)
        SyntheticPatient p = P.get(6);
        assertThat(jdbc.queryForObject("SELECT birth_name || '|' || array_to_string(first_names, ' ') || '|' || sex || '|' || birth_date || '|' || birth_place"
                + " FROM dmp.dossier WHERE ins = ?", String.class, p.ins())).isEqualTo(p.birthName() + "|"
                + String.join(" ", p.firstNames()) + "|" + p.sex() + "|" + p.birthDate() + "|" + p.birthPlace());
    }

    @Test
    void r9_aCorsicanFinessIsASourceOfOppositionAsInAFeedFile() throws Exception {
        // issue 12: the feed file accepted a Corsican FINESS (2A, 2B), the opposition event and the database
        // CHECK refused it; all now use domain.Finess (migration V9)
        SyntheticPatient p = P.get(2);
        events("corsica", p.ins() + "," + SyntheticPatient.TEST_OID + ",oppose,2026-11-20T09:00:00+01:00,2A0000018",
                p.ins() + "," + SyntheticPatient.TEST_OID + ",oppose,2026-11-20T09:00:00+01:00,750A00001");
        assertThat(jdbc.queryForObject("SELECT state || ':' || outcome FROM dmp.dossier_event WHERE ins = ? AND detail = ?",
                String.class, p.ins(), "2A0000018")).isEqualTo("APPLIED:opposition");
        assertThat(count("SELECT count(*) FROM dmp.dossier_opposition WHERE active AND source = '2A0000018' AND dossier_id = ?",
                dossier(p))).isEqualTo(1);
        // not a FINESS: refused when the file is read (round 17: no free text reaches the events table), the line alone
        assertThat(count("SELECT count(*) FROM dmp.dossier_event WHERE ins = ? AND detail = ?", p.ins(), "750A00001")).isZero();
        assertThat(jdbc.queryForObject("SELECT item_index || ':' || reason FROM dmp.quarantine_entry WHERE file_name = 'corsica.csv'",
                String.class)).isEqualTo("2:METADATA_INVALID");
        assertThatThrownBy(() -> jdbc.update("INSERT INTO dmp.dossier_opposition (dossier_id, source, active, changed_at)"
                + " VALUES (?, '750A00001', true, now())", dossier(p))).hasMessageContaining("dossier_opposition_source_check");
    }

    @Test
    void r9_anOppositionRefusesFeedingFromAllSourcesOrFromOne() {
        assertThat(outcome(HOSPITAL, "rule-r9-opposed-all-sources.xml")).isEqualTo("QUARANTINED:DOSSIER_OPPOSITION");
        assertThat(outcome(HOSPITAL, "rule-r9-opposed-this-source.xml")).isEqualTo("QUARANTINED:DOSSIER_OPPOSITION");
        assertThat(count("SELECT count(*) FROM dmp.dossier_opposition WHERE active AND source = '*'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dmp.dossier_opposition WHERE active AND source = '750000001'")).isEqualTo(1);
        // round 29: the detail names the source opposed, so that the operator knows whose opposition it is
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry WHERE file_name = 'rule-r9-opposed-this-source.xml'",
                String.class)).endsWith("from this source (the feed's sender, FINESS 750000001)");
        // round 34, a tester: the refusal's row in the history names the document refused (R7 "which document")
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'REJECTED' AND reason = 'DOSSIER_OPPOSITION'"
                + " AND document_uid IS NULL")).isZero();
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'REJECTED' AND reason = 'DOSSIER_OPPOSITION'"))
                .isPositive();
    }

    private Path dropOf(String name, Map<String, String> files) throws Exception {
        Path drop = Files.createDirectories(work.resolve(name));
        for (var f : files.entrySet()) {
            Files.writeString(drop.resolve(f.getKey()), f.getValue());
            Files.setLastModifiedTime(drop.resolve(f.getKey()), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        }
        return drop;
    }

    private String eventState(SyntheticPatient p, String kind) {
        return jdbc.queryForObject("SELECT state || ':' || outcome FROM dmp.dossier_event WHERE ins = ? AND kind = ?",
                String.class, p.ins(), kind);
    }

    /** One version of a lab result of the order {@code CMD-<order>}, ingested alone (its own drop). */
    private void labVersion(SyntheticPatient p, String file, String order, int seed, Instant at, String status) throws Exception {
        ingest("lab-results", dropOf("drop-" + file, Map.of(file, new OruBuilder().patient(p).controlId(file)
                .orderNumber("CMD-" + order).panel("58410-2", "Numération formule sanguine").observations(2).seed(seed).time(at)
                .resultStatus(status).build())));
    }

    private void labReport(SyntheticPatient p, String file, String order, String test, int seed, Instant at, String status)
            throws Exception {
        ingest("lab-results", dropOf("drop-" + file, Map.of(file, new OruBuilder().patient(p).controlId(file)
                .orderNumber("CMD-" + order).panel(test, "panel " + test).observations(2).seed(seed).time(at).resultStatus(status)
                .build())));
    }

    @Test
    void r13_aLabReportOfOtherTestsOfTheSameOrderIsAnotherReportAndEachVersionFindsItsOwn() throws Exception {
        // round 26 (a tester on Mirth Connect's fixtures): the chemistry sent after the blood count of one request
        // number marked the blood count REPLACED, its results out of the patient's current record
        SyntheticPatient p = SyntheticPatients.pool(1, 246_000_135L).get(0);
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        labReport(p, "split-blood-count.hl7", "SPLIT", "58410-2", 21, t, "F");
        labReport(p, "split-chemistry.hl7", "SPLIT", "24323-8", 22, t.plusSeconds(600), "F");
        assertThat(docStatus("split-blood-count.hl7")).isEqualTo("CURRENT");
        assertThat(docStatus("split-chemistry.hl7")).isEqualTo("CURRENT");
        assertThat(count("SELECT count(DISTINCT set_id) FROM dmp.document WHERE source_file LIKE 'split-%'")).isEqualTo(2);

        // a correction of the chemistry replaces the chemistry, never the blood count
        labReport(p, "split-chemistry-corrected.hl7", "SPLIT", "24323-8", 23, t.plusSeconds(3600), "C");
        assertThat(docStatus("split-chemistry.hl7")).isEqualTo("REPLACED");
        assertThat(docStatus("split-chemistry-corrected.hl7")).isEqualTo("CURRENT");
        assertThat(docStatus("split-blood-count.hl7")).isEqualTo("CURRENT");

        // a correction of a test the order never reported corrects nothing: a conflict, both reports stay current
        labReport(p, "split-lipids-corrected.hl7", "SPLIT", "24331-1", 24, t.plusSeconds(7200), "C");
        assertThat(outcome("lab-results", "split-lipids-corrected.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(docStatus("split-blood-count.hl7")).isEqualTo("CURRENT");

        // one order number is one patient's: another patient's report of other tests of it is refused
        SyntheticPatient other = SyntheticPatients.pool(1, 246_000_246L).get(0);
        labReport(other, "split-other-patient.hl7", "SPLIT", "24331-1", 27, t.plusSeconds(9000), "F");
        assertThat(outcome("lab-results", "split-other-patient.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        // also two patients' reports of one new order in one chunk (the second one's result was filed before)
        ingest("lab-results", dropOf("drop-two-patients", Map.of(
                "two-a.hl7", new OruBuilder().patient(p).controlId("TWO-A").orderNumber("CMD-TWO").panel("58410-2", "NFS")
                        .observations(2).seed(28).time(t).build(),
                "two-b.hl7", new OruBuilder().patient(other).controlId("TWO-B").orderNumber("CMD-TWO").panel("24331-1", "lipides")
                        .observations(2).seed(29).time(t).build())));
        assertThat(List.of(outcome("lab-results", "two-a.hl7"), outcome("lab-results", "two-b.hl7")))
                .containsExactlyInAnyOrder("STORED", "QUARANTINED:VERSION_CONFLICT");

        // a preliminary result and its final, same tests: versions of one report
        labReport(p, "pf-preliminary.hl7", "PF", "58410-2", 25, t, "P");
        labReport(p, "pf-final.hl7", "PF", "58410-2", 26, t.plusSeconds(600), "F");
        assertThat(docStatus("pf-preliminary.hl7")).isEqualTo("REPLACED");
        assertThat(docStatus("pf-final.hl7")).isEqualTo("CURRENT");
        // round 26 (a tester): a preliminary that arrives after its final, or is resent, does not replace it
        labReport(p, "pf-late-preliminary.hl7", "PF", "58410-2", 34, t.minusSeconds(60), "P");
        assertThat(outcome("lab-results", "pf-late-preliminary.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(docStatus("pf-final.hl7")).isEqualTo("CURRENT");
    }

    @Test
    void r13_aLabReportStoredBeforeTestsNamedSetsGetsItsNextVersionAndItsCorrection() throws Exception {
        // round 26 review: a preliminary stored with the order alone as its set stayed current beside its final for good
        SyntheticPatient p = SyntheticPatients.pool(1, 246_000_357L).get(0);
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        labReport(p, "old-preliminary.hl7", "OLD", "58410-2", 31, t, "P");
        // as V43 found it: the set the order alone, the order backfilled
        jdbc.update("UPDATE dmp.document SET set_id = lab_order WHERE source_file = 'old-preliminary.hl7'");
        labReport(p, "old-final.hl7", "OLD", "58410-2", 32, t.plusSeconds(600), "F");
        assertThat(docStatus("old-preliminary.hl7")).isEqualTo("REPLACED");
        assertThat(docStatus("old-final.hl7")).isEqualTo("CURRENT");
        labReport(p, "old-corrected.hl7", "OLD", "58410-2", 33, t.plusSeconds(1200), "C");
        assertThat(docStatus("old-final.hl7")).isEqualTo("REPLACED");
        assertThat(docStatus("old-corrected.hl7")).isEqualTo("CURRENT");
        assertThat(count("SELECT count(*) FROM dmp.document WHERE source_file IN ('old-preliminary.hl7', 'old-final.hl7',"
                + " 'old-corrected.hl7') AND status = 'CURRENT'")).isEqualTo(1);
    }

    @Test
    void r13_twoVersionsOfALabReportOfOneReportTimeAreOrderedByTheirStatus() throws Exception {
        // round 27 (a tester on NIST's ELR test cases): with one report time (OBR-22 alike, or none, OBR-7 then dating
        // every version) a preliminary resent after its final, or a final resent after its correction, became current
        SyntheticPatient p = SyntheticPatients.pool(1, 246_000_468L).get(0);
        Instant t = Instant.parse("2026-11-21T08:00:00Z");
        labReport(p, "tie-final.hl7", "TIE", "58410-2", 41, t, "F");
        labReport(p, "tie-preliminary.hl7", "TIE", "58410-2", 42, t, "P");
        assertThat(outcome("lab-results", "tie-preliminary.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(docStatus("tie-final.hl7")).isEqualTo("CURRENT");
        labReport(p, "tie-corrected.hl7", "TIE", "58410-2", 43, t, "C");
        assertThat(docStatus("tie-final.hl7")).isEqualTo("REPLACED");
        assertThat(docStatus("tie-corrected.hl7")).isEqualTo("CURRENT");
        labReport(p, "tie-final-again.hl7", "TIE", "58410-2", 44, t, "F");
        assertThat(outcome("lab-results", "tie-final-again.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(docStatus("tie-corrected.hl7")).isEqualTo("CURRENT");

        // a correction flagged on its results alone (OBX-11 C, OBR-25 F) is a correction too: the final resent after it
        // at the same time does not undo it
        String flaggedOnResults = new OruBuilder().patient(p).controlId("obx-c.hl7").orderNumber("CMD-TIE2")
                .panel("58410-2", "panel 58410-2").observations(2).seed(46).time(t).resultStatus("C").build();
        String obr = flaggedOnResults.lines().filter(l -> l.startsWith("OBR|")).findFirst().orElseThrow();
        flaggedOnResults = flaggedOnResults.replace(obr, obr.substring(0, obr.length() - 1) + "F");
        labReport(p, "tie2-final.hl7", "TIE2", "58410-2", 45, t, "F");
        ingest("lab-results", dropOf("drop-obx-c", Map.of("obx-c.hl7", flaggedOnResults)));
        assertThat(docStatus("tie2-final.hl7")).isEqualTo("REPLACED");
        assertThat(docStatus("obx-c.hl7")).isEqualTo("CURRENT");
        labReport(p, "tie2-final-again.hl7", "TIE2", "58410-2", 47, t, "F");
        assertThat(outcome("lab-results", "tie2-final-again.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        // a review: OBR-25 left empty, the results' OBX-11 F: a final all the same, not a status that orders nothing
        String blankOrderStatus = new OruBuilder().patient(p).controlId("blank-obr25.hl7").orderNumber("CMD-TIE2")
                .panel("58410-2", "panel 58410-2").observations(2).seed(50).time(t).resultStatus("F").build();
        String obr2 = blankOrderStatus.lines().filter(l -> l.startsWith("OBR|")).findFirst().orElseThrow();
        blankOrderStatus = blankOrderStatus.replace(obr2, obr2.substring(0, obr2.length() - 1));
        ingest("lab-results", dropOf("drop-blank-obr25", Map.of("blank-obr25.hl7", blankOrderStatus)));
        assertThat(outcome("lab-results", "blank-obr25.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(docStatus("obx-c.hl7")).isEqualTo("CURRENT");

        // a preliminary and its final of one time: the final is the next version
        labReport(p, "tie3-preliminary.hl7", "TIE3", "58410-2", 48, t, "P");
        labReport(p, "tie3-final.hl7", "TIE3", "58410-2", 49, t, "F");
        assertThat(docStatus("tie3-preliminary.hl7")).isEqualTo("REPLACED");
        assertThat(docStatus("tie3-final.hl7")).isEqualTo("CURRENT");
    }

    /** An ORU of three results whose OBR-25 is empty, the results' OBX-11 F, F and then the last one's as given. */
    private static String oruLastResult(SyntheticPatient p, String file, String order, int seed, Instant at, String last) {
        String message = new OruBuilder().patient(p).controlId(file).orderNumber("CMD-" + order).panel("58410-2", "panel 58410-2")
                .observations(3).seed(seed).time(at).resultStatus("F").build();
        String obr = message.lines().filter(l -> l.startsWith("OBR|")).findFirst().orElseThrow();
        message = message.replace(obr, obr.substring(0, obr.length() - 1));
        java.util.List<String> obx = message.lines().filter(l -> l.startsWith("OBX|")).toList();
        String[] fields = obx.get(obx.size() - 1).split("\\|", -1);
        assertThat(fields[11]).isEqualTo("F");
        fields[11] = last;
        return message.replace(obx.get(obx.size() - 1), String.join("|", fields));
    }

    @Test
    void r13_anHl7ReportWithOneResultStillPendingNeverReplacesItsFinal() throws Exception {
        // round 29 (a review): OBR-25 empty and results F, F, P ranked final (the results' highest), and replaced the final
        // of the same time, or of an earlier one: the third result validated no more in the patient's current record
        SyntheticPatient p = SyntheticPatients.pool(1, 246_000_802L).get(0);
        Instant t = Instant.parse("2026-11-22T08:00:00Z");
        ingest("lab-results", dropOf("drop-fff", Map.of("fff.hl7", oruLastResult(p, "fff.hl7", "FFP", 70, t, "F"))));
        assertThat(docStatus("fff.hl7")).isEqualTo("CURRENT");
        ingest("lab-results", dropOf("drop-ffp", Map.of("ffp-same-time.hl7", oruLastResult(p, "ffp-same-time.hl7", "FFP", 70, t, "P"),
                "ffp-later.hl7", oruLastResult(p, "ffp-later.hl7", "FFP", 70, t.plusSeconds(3600), "P"))));
        assertThat(outcome("lab-results", "ffp-same-time.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(outcome("lab-results", "ffp-later.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry WHERE file_name = 'ffp-later.hl7'", String.class))
                .contains("1 test final in the current version is still pending");
        assertThat(docStatus("fff.hl7")).isEqualTo("CURRENT");
        // round 35, an attacker: the test under the laboratory's local code with LOINC second, pending; or sent cancelled
        // (X), not asked for (N), or final without its value: each took the final value out of the current record
        String fff = oruLastResult(p, "x", "FFP", 70, t, "F");
        java.util.List<String> obx = fff.lines().filter(l -> l.startsWith("OBX|")).toList();
        String[] last = obx.get(obx.size() - 1).split("\\|", -1);
        String[] code = last[3].split("\\^", -1);
        java.util.Map<String, String> variants = new java.util.LinkedHashMap<>();
        String[] local = last.clone();
        local[3] = "KLOC^" + code[1] + "^L^" + code[0] + "^" + code[1] + "^LN";
        local[11] = "P";
        variants.put("ffp-local-code.hl7", String.join("|", local));
        for (String status : new String[] {"X", "N"}) {
            String[] other = last.clone();
            other[11] = status;
            other[5] = "";
            variants.put("ffp-" + status + ".hl7", String.join("|", other));
        }
        String[] empty = last.clone();
        empty[5] = "";
        variants.put("ffp-empty.hl7", String.join("|", empty));
        for (var v : variants.entrySet()) {
            String message = fff.replace(obx.get(obx.size() - 1), v.getValue()).replace("|x|P|", "|" + v.getKey() + "|P|");
            ingest("lab-results", dropOf("drop-" + v.getKey(), Map.of(v.getKey(), message)));
            assertThat(outcome("lab-results", v.getKey())).as(v.getKey()).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        }
        assertThat(docStatus("fff.hl7")).isEqualTo("CURRENT");
        // the other way round, a preliminary's final: the next version
        ingest("lab-results", dropOf("drop-ffp2", Map.of("ffp2.hl7", oruLastResult(p, "ffp2.hl7", "FFP2", 72, t, "P"))));
        ingest("lab-results", dropOf("drop-fff2", Map.of("fff2.hl7", oruLastResult(p, "fff2.hl7", "FFP2", 72, t.plusSeconds(600), "F"))));
        assertThat(docStatus("ffp2.hl7")).isEqualTo("REPLACED");
        assertThat(docStatus("fff2.hl7")).isEqualTo("CURRENT");
    }

    /** An ORU whose MSH-4 names its laboratory as given. */
    private static String oruFrom(String laboratory, SyntheticPatient p, String file, String order, int seed, Instant at, String status) {
        String message = new OruBuilder().patient(p).controlId(file).orderNumber("CMD-" + order).panel("58410-2", "panel 58410-2")
                .observations(2).seed(seed).time(at).resultStatus(status).build();
        String msh = message.substring(0, message.indexOf('\r'));
        String[] fields = msh.split("\\|", -1);
        fields[3] = laboratory + "^1.2.250.1.71.4.2.2^ISO";
        return String.join("|", fields) + message.substring(msh.length());
    }

    /** A report's lab order keyed by its sender's name as written (as before V52), then the migration run on the store. */
    private void keyedAsWrittenThenMigrated(String file, String keyed, String asWritten, String migration) throws Exception {
        jdbc.update("UPDATE dmp.document SET lab_order = replace(lab_order, ?, ?), set_id = replace(set_id, ?, ?)"
                + " WHERE source_file = ?", keyed, asWritten, keyed, asWritten, file);
        jdbc.execute(Files.readString(Path.of("src/main/resources/db/migration/" + migration)));
    }

    @Test
    void r13_aLaboratoryWritingItsNameAnotherWayKeepsItsReportsVersionsAlsoForReportsStoredBefore() throws Exception {
        // round 35, a tester: "LAB75 LABORATOIRE DES LILAS" one day, "LAB75 Laboratoire des Lilas" (or its code padded to
        // ten columns) the next: two current versions of one report, and the corrections refused
        SyntheticPatient p = SyntheticPatients.pool(1, 246_000_913L).get(0);
        Instant t = Instant.parse("2026-11-23T08:00:00Z");
        ingest("lab-results", dropOf("drop-lilas-1", Map.of("lilas-p.hl7", oruFrom("Labo des  Lilas", p, "lilas-p.hl7", "LILAS", 90, t, "P"))));
        ingest("lab-results", dropOf("drop-lilas-2", Map.of("lilas-f.hl7", oruFrom("LABO DES LILAS", p, "lilas-f.hl7", "LILAS", 90, t.plusSeconds(600), "F"))));
        assertThat(docStatus("lilas-p.hl7")).isEqualTo("REPLACED");
        assertThat(docStatus("lilas-f.hl7")).isEqualTo("CURRENT");

        // a report stored before V52, keyed by its name as written: V52 keys it as the job now does
        ingest("lab-results", dropOf("drop-lilas-3", Map.of("lilas-old.hl7", oruFrom("Labo des  Lilas", p, "lilas-old.hl7", "LILAS2", 92, t, "P"))));
        String key = jdbc.queryForObject("SELECT lab_order FROM dmp.document WHERE source_file = 'lilas-old.hl7'", String.class);
        assertThat(key).startsWith("hl7-order:LABO DES LILAS&");
        keyedAsWrittenThenMigrated("lilas-old.hl7", "LABO DES LILAS&", "Labo des  Lilas&",
                "V52__lab_orders_keyed_by_the_senders_name_as_written_any_way.sql");
        assertThat(jdbc.queryForObject("SELECT lab_order FROM dmp.document WHERE source_file = 'lilas-old.hl7'", String.class))
                .isEqualTo(key);
        assertThat(jdbc.queryForObject("SELECT set_id FROM dmp.document WHERE source_file = 'lilas-old.hl7'", String.class))
                .startsWith(key + "|tests:");
        ingest("lab-results", dropOf("drop-lilas-4", Map.of("lilas-old-f.hl7", oruFrom("LABO DES LILAS", p, "lilas-old-f.hl7", "LILAS2", 92, t.plusSeconds(600), "F"))));
        assertThat(docStatus("lilas-old.hl7")).isEqualTo("REPLACED");
        assertThat(docStatus("lilas-old-f.hl7")).isEqualTo("CURRENT");

        // an attacker: a no-break space, and accented letters in capitals or not
        ingest("lab-results", dropOf("drop-lilas-5", Map.of("hopital-p.hl7", oruFrom("Labo de l'Hôpital\u00A0Sud", p, "hopital-p.hl7", "LILAS3", 94, t, "P"))));
        ingest("lab-results", dropOf("drop-lilas-6", Map.of("hopital-f.hl7", oruFrom("LABO DE L'HÔPITAL SUD", p, "hopital-f.hl7", "LILAS3", 94, t.plusSeconds(600), "F"))));
        assertThat(docStatus("hopital-p.hl7")).isEqualTo("REPLACED");
        assertThat(docStatus("hopital-f.hl7")).isEqualTo("CURRENT");
        // and a report stored before V55 under its name as written: V55 keys it as the job now does
        ingest("lab-results", dropOf("drop-lilas-7", Map.of("lac-old.hl7", oruFrom("Hôpital du\u00A0Lac", p, "lac-old.hl7", "LILAS4", 96, t, "P"))));
        String lac = jdbc.queryForObject("SELECT lab_order FROM dmp.document WHERE source_file = 'lac-old.hl7'", String.class);
        assertThat(lac).startsWith("hl7-order:HÔPITAL DU LAC&");
        keyedAsWrittenThenMigrated("lac-old.hl7", "HÔPITAL DU LAC&", "Hôpital du\u00A0Lac&",
                "V55__lab_orders_keyed_with_no_break_blanks_and_accents.sql");
        assertThat(jdbc.queryForObject("SELECT lab_order FROM dmp.document WHERE source_file = 'lac-old.hl7'", String.class))
                .isEqualTo(lac);
        ingest("lab-results", dropOf("drop-lilas-8", Map.of("lac-f.hl7", oruFrom("HÔPITAL  DU LAC", p, "lac-f.hl7", "LILAS4", 96, t.plusSeconds(600), "F"))));
        assertThat(docStatus("lac-old.hl7")).isEqualTo("REPLACED");
        assertThat(docStatus("lac-f.hl7")).isEqualTo("CURRENT");
    }

    /** An HPRIM Net report of one request day, its results final, or the last one still pending (R) when preliminary. */
    private static String netReport(SyntheticPatient p, String order, int seed, Instant day, boolean preliminary) {
        String report = new fr.dmp.ingest.tools.generate.HprimBuilder().patient(p).orderNumber(order).observations(3).seed(seed)
                .time(day).resultStatus("F").buildNet();
        if (!preliminary) {
            return report;
        }
        int last = report.lastIndexOf("|F\r\n");
        return report.substring(0, last) + "|R\r\n" + report.substring(last + 4);
    }

    @Test
    void r13_anHprimNetPreliminaryNeverReplacesItsFinalInAnotherRunOrInTheSameOne() throws Exception {
        // round 34, a tester: HPRIM Net has no report status and its versions share the request's day; the first result's
        // status was the report's, so a preliminary (first result F, the last pending) sent after its final replaced it
        SyntheticPatient p = SyntheticPatients.pool(1, 246_000_734L).get(0);
        Instant day = Instant.parse("2026-11-20T08:00:00Z");
        labReport(p, "net-dossier.hl7", "NETD", "58410-2", 60, day, "F"); // legacy-migration feeds existing dossiers only
        ingest("legacy-migration", dropOf("drop-net-final", Map.of("net-final.hpr", netReport(p, "A1", 61, day, false))));
        ingest("legacy-migration", dropOf("drop-net-late", Map.of("net-late-preliminary.hpr", netReport(p, "A1", 61, day, true))));
        assertThat(outcome("legacy-migration", "net-late-preliminary.hpr")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(docStatus("net-final.hpr")).isEqualTo("CURRENT");
        // both in one drop, in either order of their names: the final is current, the preliminary never after it
        ingest("legacy-migration", dropOf("drop-net-pair", Map.of("a-preliminary.hpr", netReport(p, "A2", 63, day, true),
                "z-final.hpr", netReport(p, "A2", 63, day, false), "a-final.hpr", netReport(p, "A3", 65, day, false),
                "z-preliminary.hpr", netReport(p, "A3", 65, day, true))));
        assertThat(docStatus("z-final.hpr")).isEqualTo("CURRENT");
        assertThat(docStatus("a-final.hpr")).isEqualTo("CURRENT");
        assertThat(count("SELECT count(*) FROM dmp.document WHERE source_file IN ('a-preliminary.hpr', 'z-preliminary.hpr')"
                + " AND status = 'CURRENT'")).isZero();
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry WHERE file_name = 'net-late-preliminary.hpr'",
                String.class)).contains("final in the current version is still pending");
        // a later version adding a pending test to final ones is the next version (a review)
        String cumulative = netReport(p, "A1", 61, day, false).replace("****FINLAB****",
                "RES|Ferritine|FERR|N||µg/L|||R\r\n****FINLAB****");
        ingest("legacy-migration", dropOf("drop-net-more", Map.of("net-more.hpr", cumulative)));
        assertThat(docStatus("net-more.hpr")).isEqualTo("CURRENT");
        assertThat(docStatus("net-final.hpr")).isEqualTo("REPLACED");

        // round 34, the same tester: one request's parts sent as two reports (its haematology, then its biochemistry):
        // the second replaced the first and took its results out of the patient's current record
        String whole = netReport(p, "A4", 67, day, false);
        String firstTest = whole.lines().filter(l -> l.startsWith("RES|")).findFirst().orElseThrow().split("\\|")[2];
        String part = whole.lines().filter(l -> !l.startsWith("RES|") || !l.split("\\|")[2].equals(firstTest))
                .map(l -> l + "\r\n").collect(java.util.stream.Collectors.joining());
        assertThat(part).contains("RES|"); // another test is left
        ingest("legacy-migration", dropOf("drop-net-whole", Map.of("net-whole.hpr", whole)));
        ingest("legacy-migration", dropOf("drop-net-part", Map.of("net-part.hpr", part)));
        assertThat(outcome("legacy-migration", "net-part.hpr")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry WHERE file_name = 'net-part.hpr'", String.class))
                .contains("leaves out 1 of the");
        assertThat(docStatus("net-whole.hpr")).isEqualTo("CURRENT");
    }

    @Test
    void r13_aCdaRestatingACurrentSetIsItsNextVersionOnlyByALaterVersionNumberAndNeverWhenWrittenBefore() throws Exception {
        // round 27 (a tester on eHDSI's and the ONC's CDAs): producers reuse placeholder setIds; a document of a set with
        // a current version and no relatedDocument RPLC replaced it in arrival order (a 2018 prescription hid one of 2022)
        SyntheticPatient p = SyntheticPatients.pool(1, 246_000_579L).get(0);
        Instant t = Instant.parse("2026-11-10T09:00:00Z");
        String root = "1.2.250.1.999.27";
        ingest(HOSPITAL, dropOf("drop-set-first", Map.of("set-first.xml",
                new CdaBuilder().patient(p).id(root, "SETDOC-1").version("SETDOC", 1).time(t).build())));
        assertThat(docStatus("set-first.xml")).isEqualTo("CURRENT");

        String noNumber = new CdaBuilder().patient(p).id(root, "SETDOC-2").version("SETDOC", 1).time(t.plusSeconds(3600))
                .build().replace("<versionNumber value=\"1\"/>", "");
        String writtenBefore = new CdaBuilder().patient(p).id(root, "SETDOC-3").version("SETDOC", 2)
                .time(t.minus(java.time.Duration.ofDays(300))).build();
        ingest(HOSPITAL, dropOf("drop-set-refused", Map.of("set-no-number.xml", noNumber, "set-written-before.xml", writtenBefore)));
        assertThat(outcome(HOSPITAL, "set-no-number.xml")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(outcome(HOSPITAL, "set-written-before.xml")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(docStatus("set-first.xml")).isEqualTo("CURRENT");

        ingest(HOSPITAL, dropOf("drop-set-next", Map.of("set-next.xml",
                new CdaBuilder().patient(p).id(root, "SETDOC-4").version("SETDOC", 2).time(t.plusSeconds(7200)).build())));
        assertThat(docStatus("set-first.xml")).isEqualTo("REPLACED");
        assertThat(docStatus("set-next.xml")).isEqualTo("CURRENT");
    }

    /** Opens the patient's dossier with one final lab report; returns the events CSV's first two columns for the patient. */
    private String dossierOpenedBy(SyntheticPatient p, String file, String order, int seed) throws Exception {
        labReport(p, file, order, "58410-2", seed, Instant.parse("2026-11-25T08:00:00Z"), "F");
        return p.ins() + "," + SyntheticPatient.TEST_OID + ",";
    }

    @Test
    void r3_r9_eventsApplyInTheOrderOfTheirTimeAcrossRunsAlsoWhenTheNewerChangedNothing() throws Exception {
        // round 27 (a tester): a withdrawal with nothing to withdraw, or a reopening of an open dossier, then in a later
        // run an older opposition or closing: the older one was applied, the patient's newest wish lost
        SyntheticPatient p = SyntheticPatients.pool(1, 246_000_680L).get(0);
        String key = dossierOpenedBy(p, "event-order-first.hl7", "EVORDER", 61);
        events("withdraw-newer", key + "withdraw-opposition,2026-11-25T19:07:00Z,*");
        events("oppose-older", key + "oppose,2026-11-25T19:06:00Z,*");
        assertThat(eventState(p, "oppose")).startsWith("SUPERSEDED");
        events("reopen-newer", key + "reopen,2026-11-25T19:05:00Z,");
        events("close-older", key + "close,2026-11-25T19:00:00Z,");
        assertThat(eventState(p, "close")).startsWith("SUPERSEDED");
        // round 35, a tester: the newer events that changed nothing left no row, the superseded ones pointed at nothing
        assertThat(jdbc.queryForList("SELECT a.detail FROM dmp.audit_event a JOIN dmp.dossier d ON d.id = a.dossier_id"
                + " WHERE d.ins = ? AND a.action = 'UNCHANGED' ORDER BY a.id", String.class, p.ins()))
                .hasSize(2).anyMatch(t -> t.startsWith("withdraw-opposition event ") && t.endsWith(" applied, no change: no opposition to withdraw"))
                .anyMatch(t -> t.startsWith("reopen event ") && t.endsWith(" applied, no change: already open"));
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.dossier WHERE ins = ?", String.class, p.ins())).isEqualTo("OPEN");
        labReport(p, "event-order-after.hl7", "EVORDER", "24323-8", 62, Instant.parse("2026-11-25T20:00:00Z"), "F");
        assertThat(outcome("lab-results", "event-order-after.hl7")).isEqualTo("STORED");
    }

    @Test
    void r3_r14_aClosingLearnedYearsLateIsKeptTenYearsFromItsNoticeAndMayBeReopened() throws Exception {
        // round 27 (a tester): a closing dated 2015 for a dossier opened now was past its retention at once: the
        // reopening refused and the night's purge deleting its documents (as a death dated years back was, round 25)
        SyntheticPatient p = SyntheticPatients.pool(1, 246_000_791L).get(0);
        String key = dossierOpenedBy(p, "late-close-first.hl7", "LATECLOSE", 63);
        events("close-dated-back", key + "close,2015-06-01T10:00:00+02:00,");
        java.time.LocalDate kept = jdbc.queryForObject("SELECT retention_until FROM dmp.dossier WHERE ins = ?",
                java.sql.Date.class, p.ins()).toLocalDate();
        assertThat(kept).isAfter(java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusYears(9));
        events("reopen-after-late-close", key + "reopen,2026-11-26T09:00:00+01:00,");
        assertThat(eventState(p, "reopen")).isEqualTo("APPLIED:reopened");
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.dossier WHERE ins = ?", String.class, p.ins())).isEqualTo("OPEN");
    }

    /**
     * Round 27 (a crash tester): a replacement waiting for its target when its run stopped (SIGTERM, kill -9) was read
     * again by the next runs, waited again and was never settled: claimed for good, neither stored nor quarantined. As
     * an earlier run's claim it is settled now (here a correction of an order nothing holds: VERSION_CONFLICT).
     */
    @Test
    void r13_aReplacementLeftWaitingByARunThatStoppedIsSettledByTheNextRun() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 246_000_902L).get(0);
        String correction = new OruBuilder().patient(p).controlId("left-waiting.hl7").orderNumber("CMD-LEFTWAIT")
                .panel("58410-2", "panel").observations(2).seed(71).time(Instant.parse("2026-11-25T08:00:00Z")).resultStatus("C")
                .build();
        java.nio.file.Path claim = java.nio.file.Files.createDirectories(work.resolve("claim/lab-results"));
        // as a stopped run leaves it: claimed under that run's token, no disposition
        java.nio.file.Files.writeString(claim.resolve(fr.dmp.ingest.intake.ClaimNames.claimed("j999999p0n0000001",
                "left-waiting.hl7")), correction);
        ingest("lab-results", java.nio.file.Files.createDirectories(work.resolve("drop-left-waiting")));
        assertThat(outcome("lab-results", "left-waiting.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        try (var left = java.nio.file.Files.list(claim)) {
            assertThat(left.map(f -> f.getFileName().toString()).filter(n -> n.contains("left-waiting"))).isEmpty();
        }
    }

    private String docStatus(String sourceFile) {
        return jdbc.queryForObject("SELECT status FROM dmp.document WHERE source_file = ?", String.class, sourceFile);
    }

    /** A CSV of dossier events (lines {@code ins,oid,event,at,detail}) through the patient-events feed. */
    private void events(String name, String... lines) throws Exception {
        ingest("patient-events", dropOf("drop-" + name, Map.of(name + ".csv", "ins,oid,event,at,detail\n"
                + String.join("\n", lines) + "\n")));
    }

    @Test
    void r9_r4_anOppositionOrADeathSentBeforeTheFirstDocumentHoldsForIt() throws Exception {
        List<SyntheticPatient> fresh = SyntheticPatients.pool(2, 987_654_321L);
        SyntheticPatient opposed = fresh.get(0);
        SyntheticPatient deceased = fresh.get(1);
        assertThat(count("SELECT count(*) FROM dmp.dossier WHERE ins IN (?, ?)", opposed.ins(), deceased.ins())).isZero();
        String oid = SyntheticPatient.TEST_OID;
        events("early-events", opposed.ins() + "," + oid + ",oppose,2026-11-20T09:00:00+01:00,*",
                deceased.ins() + "," + oid + ",death,2026-11-20T09:00:00+01:00,");
        // no dossier yet: the events wait, they are not dropped
        assertThat(eventState(opposed, "oppose")).startsWith("PENDING:waiting for the dossier");
        assertThat(eventState(deceased, "death")).startsWith("PENDING:waiting for the dossier");

        // the first documents open the dossiers (a create feed), and the waiting events apply before linking
        RunReport labs = ingest("lab-results", dropOf("drop-first-documents", Map.of(
                "first-opposed.hl7", new OruBuilder().patient(opposed).controlId("EARLY-1").orderNumber("EARLY-1").observations(2).build(),
                "first-deceased.hl7", new OruBuilder().patient(deceased).controlId("EARLY-2").orderNumber("EARLY-2").observations(2).build())));
        assertThat(labs.stored()).isZero();
        assertThat(outcome("lab-results", "first-opposed.hl7")).isEqualTo("QUARANTINED:DOSSIER_OPPOSITION");
        assertThat(outcome("lab-results", "first-deceased.hl7")).isEqualTo("QUARANTINED:PATIENT_DECEASED");
        assertThat(eventState(opposed, "oppose")).startsWith("APPLIED");
        assertThat(eventState(deceased, "death")).startsWith("APPLIED");

        // an identity update whose birth place is no INSEE code is refused as a document would be (ins.md:
        // IDENTITY_NOT_QUALIFIED when the file is read, no event recorded), alone: the close still applies
        SyntheticPatient lyon = new SyntheticPatient(opposed.ins(), opposed.birthName(), opposed.firstNames(), opposed.sex(),
                opposed.birthDate(), "Lyon");
        ingest("patient-events", dropOf("drop-bad-identity", Map.of(
                "a28-bad-birth-place.hl7", new AdtBuilder().event("A28", "ADT_A05").patient(lyon).build(),
                "close.csv", "ins,oid,event,at,detail\n" + opposed.ins() + "," + oid + ",close,2026-11-22T09:00:00+01:00,\n")));
        assertThat(outcome("patient-events", "a28-bad-birth-place.hl7")).isEqualTo("QUARANTINED:IDENTITY_NOT_QUALIFIED");
        assertThat(count("SELECT count(*) FROM dmp.dossier_event WHERE ins = ? AND kind = 'identity'", opposed.ins())).isZero();
        assertThat(eventState(opposed, "close")).startsWith("APPLIED");
        assertThat(jdbc.queryForObject("SELECT birth_place || ' ' || status FROM dmp.dossier WHERE ins = ?", String.class,
                opposed.ins())).isEqualTo(opposed.birthPlace() + " CLOSED");
    }

    @Test
    void r6_aConfidentialityCodeOutsideCodesMdIsRefusedNeverDropped() throws Exception {
        String cda = Files.readString(Path.of("sample-data", HOSPITAL, "cda-08-replaces-cda-02.xml"))
                .replace("extension=\"CDA-8\"", "extension=\"CDA-8-XYZ\"")
                .replace("<confidentialityCode code=\"N\"", "<confidentialityCode code=\"XYZ\"");
        ingest(HOSPITAL, dropOf("drop-unknown-confidentiality", Map.of("unknown-confidentiality.xml", cda)));
        assertThat(outcome(HOSPITAL, "unknown-confidentiality.xml")).isEqualTo("QUARANTINED:METADATA_INVALID");
    }

    /**
     * rules.md R6, codes.md: a document carries one HL7 level (N, R, V); the visibility codes say who sees it. An
     * independent writer's MDM sent only INVISIBLE_REP_LEGAUX=Y and was stored without a level; N is added, first.
     */
    @Test
    void r6_aDocumentStatingOnlyAVisibilityCodeIsStoredNormalWithIt() throws Exception {
        String cda = Files.readString(Path.of("sample-data", HOSPITAL, "cda-09-consultation.xml"))
                .replace("extension=\"CDA-9\"", "extension=\"CDA-9-VISIBILITY\"")
                .replace("<confidentialityCode code=\"N\" codeSystem=\"2.16.840.1.113883.5.25\"/>",
                        "<confidentialityCode code=\"INVISIBLE_PATIENT\" codeSystem=\"1.2.250.1.213.1.1.4.13\"/>");
        ingest(HOSPITAL, dropOf("drop-visibility-only", Map.of("visibility-only.xml", cda)));
        assertThat(outcome(HOSPITAL, "visibility-only.xml")).isEqualTo("STORED");
        assertThat(jdbc.queryForObject("SELECT array_to_string(confidentiality, ',') FROM dmp.document WHERE source_file = ?",
                String.class, "visibility-only.xml")).isEqualTo("N,INVISIBLE_PATIENT");
    }

    /** rules.md R6, round 33 (a tester): the same PDF resent asking for MASQUE_PS was archived as a duplicate, the flag lost. */
    @Test
    void r6_aResendAskingForMoreConfidentialityIsRefusedNeverADuplicate() throws Exception {
        Path samples = Path.of("sample-data", HOSPITAL);
        String sidecar = Files.readString(samples.resolve("report-02-table.pdf.json"));
        assertThat(sidecar).contains("\"confidentiality\" : [ \"N\" ]");
        Path drop = dropOf("drop-resend-masked", Map.of("resend-masked.pdf.json",
                sidecar.replace("\"confidentiality\" : [ \"N\" ]", "\"confidentiality\" : [ \"N\", \"MASQUE_PS\" ]"),
                "resend-same.pdf.json", sidecar));
        for (String copy : new String[] {"resend-masked.pdf", "resend-same.pdf"}) {
            copiedComplete(samples.resolve("report-02-table.pdf"), drop.resolve(copy));
        }
        ingest(HOSPITAL, drop);
        assertThat(outcome(HOSPITAL, "resend-masked.pdf")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(outcome(HOSPITAL, "resend-same.pdf")).isEqualTo("DUPLICATE");
        assertThat(jdbc.queryForObject("SELECT array_to_string(confidentiality, ',') FROM dmp.document WHERE source_file = ?",
                String.class, "report-02-table.pdf")).isEqualTo("N");
        // round 34, a tester: a level is the author's, never a patient's masking: no advice to mask it on the events feed
        Path levels = dropOf("drop-resend-level", Map.of("resend-level.pdf.json",
                sidecar.replace("\"confidentiality\" : [ \"N\" ]", "\"confidentiality\" : [ \"V\" ]")));
        copiedComplete(samples.resolve("report-02-table.pdf"), levels.resolve("resend-level.pdf"));
        ingest(HOSPITAL, levels);
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry WHERE file_name = 'resend-level.pdf'", String.class))
                .contains("asks for confidentiality it lacks (V)").doesNotContain("patient-events");
    }

    @Test
    void r13_theSameScanResentUnderAnotherTypeIsRefusedNeverADuplicate() throws Exception {
        // round 34, a tester: a scan's type corrected in the sidecar, its bytes the same: archived as a duplicate, the
        // document left under the wrong type without a word
        Path samples = Path.of("sample-data", HOSPITAL);
        String sidecar = Files.readString(samples.resolve("report-08-scan.pdf.json"));
        assertThat(sidecar).contains("\"typeCode\" : \"34749-2\"");
        Path drop = dropOf("drop-retyped", Map.of("scan-retyped.pdf.json", sidecar.replace("34749-2", "18748-4"),
                "scan-again.pdf.json", sidecar));
        for (String copy : new String[] {"scan-retyped.pdf", "scan-again.pdf"}) {
            copiedComplete(samples.resolve("report-08-scan.pdf"), drop.resolve(copy));
        }
        ingest(HOSPITAL, drop);
        assertThat(outcome(HOSPITAL, "scan-retyped.pdf")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry WHERE file_name = 'scan-retyped.pdf'", String.class))
                .contains("stored as type 34749-2", "typed 18748-4");
        assertThat(outcome(HOSPITAL, "scan-again.pdf")).isEqualTo("DUPLICATE");
        assertThat(jdbc.queryForObject("SELECT type_code FROM dmp.document WHERE source_file = 'report-08-scan.pdf'", String.class))
                .isEqualTo("34749-2");
    }

    /**
     * Round 33: one result deleted (OBX-11 D) beside final ones is left out of a first report; in a new version of a stored
     * report it would take that result out of the record on the sender's word, which dmp-ingest never obeys (a review).
     */
    @Test
    void r13_aResultDeletedBySenderIsLeftOutOfAFirstReportButNeverTakenOutOfAStoredOne() throws Exception {
        String sample = new String(Files.readAllBytes(Path.of("sample-data/lab-results/oru-0001.hl7")), java.nio.charset.StandardCharsets.ISO_8859_1);
        String tshDeleted = sample.replace("|L|||F|||20261102143000+0100", "|L|||D|||20261102143000+0100");
        assertThat(tshDeleted).isNotEqualTo(sample);
        String laterVersion = tshDeleted.replace("|SAMPLE-0001|", "|SAMPLE-0001-D|")
                .replace("|||20261102153000+0100|||F", "|||20261103090000+0100|||F");
        String firstReport = tshDeleted.replace("|SAMPLE-0001|", "|SAMPLE-0001-NEW|").replace("CMD-1001", "CMD-1001-NEW");
        Path drop = Files.createDirectories(work.resolve("drop-deleted-result"));
        for (String[] f : new String[][] {{"tsh-deleted-later.hl7", laterVersion}, {"tsh-deleted-first.hl7", firstReport}}) {
            Files.write(drop.resolve(f[0]), f[1].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            Files.setLastModifiedTime(drop.resolve(f[0]), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        }
        ingest("lab-results", drop);
        assertThat(outcome("lab-results", "tsh-deleted-later.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.document WHERE source_file = 'oru-0001.hl7'", String.class))
                .isEqualTo("CURRENT");
        assertThat(outcome("lab-results", "tsh-deleted-first.hl7")).isEqualTo("STORED");
        assertThat(jdbc.queryForList("SELECT o.code FROM dmp.observation o JOIN dmp.document d ON d.id = o.document_id"
                + " WHERE d.source_file = 'tsh-deleted-first.hl7'", String.class)).hasSize(7).doesNotContain("3016-3");
    }

    @Test
    void r13_aReplacementOfAVersionAlreadyReplacedIsAVersionConflict() throws Exception {
        // cda-08 replaced CDA-2 already; another document replacing CDA-2 is refused, the current version stays
        String cda = Files.readString(Path.of("sample-data", HOSPITAL, "cda-08-replaces-cda-02.xml"))
                .replace("extension=\"CDA-8\"", "extension=\"CDA-8-AGAIN\"")
                .replace("<versionNumber value=\"2\"/>", "<versionNumber value=\"3\"/>");
        ingest(HOSPITAL, dropOf("drop-replaced-twice", Map.of("replaces-cda-02-again.xml", cda)));
        assertThat(outcome(HOSPITAL, "replaces-cda-02-again.xml")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(status("1.2.250.1.213.1.1.9^CDA-8")).isEqualTo("CURRENT");
    }

    @Test
    void r6_anUnmaskingUndoesAMaskingButNeverAFlagTheDocumentCameWith() throws Exception {
        var source = jdbc.queryForMap("SELECT d.document_uid, o.ins, o.ins_oid FROM dmp.document d JOIN dmp.dossier o"
                + " ON o.id = d.dossier_id WHERE d.source_file = 'rule-r6-masked-at-source.pdf'");
        var plain = jdbc.queryForMap("SELECT d.document_uid, o.ins, o.ins_oid FROM dmp.document d JOIN dmp.dossier o"
                + " ON o.id = d.dossier_id WHERE d.status = 'CURRENT' AND o.status = 'OPEN' AND d.confidentiality = '{N}'"
                + " ORDER BY d.id LIMIT 1");
        // a masking of a flag the document already has changes nothing, so the unmasking after it removes nothing
        String sourceKey = source.get("ins") + "," + source.get("ins_oid") + ",";
        String plainKey = plain.get("ins") + "," + plain.get("ins_oid") + ",";
        events("unmask",
                sourceKey + "mask,2026-11-23T08:00:00+01:00," + source.get("document_uid") + ";INVISIBLE_PATIENT",
                sourceKey + "unmask,2026-11-23T09:00:00+01:00," + source.get("document_uid") + ";INVISIBLE_PATIENT",
                plainKey + "mask,2026-11-23T09:00:00+01:00," + plain.get("document_uid") + ";MASQUE_PS",
                plainKey + "unmask,2026-11-23T10:00:00+01:00," + plain.get("document_uid") + ";MASQUE_PS");
        assertThat(jdbc.queryForObject("SELECT array_to_string(confidentiality, ',') FROM dmp.document WHERE source_file = ?",
                String.class, "rule-r6-masked-at-source.pdf")).isEqualTo("N,MASQUE_PS,INVISIBLE_PATIENT");
        assertThat(jdbc.queryForObject("SELECT state || ':' || outcome FROM dmp.dossier_event WHERE kind = 'unmask' AND detail LIKE ?",
                String.class, source.get("document_uid") + ";%")).isEqualTo("REFUSED:the INVISIBLE_PATIENT flag came with the document: kept");
        // round 27 (a tester): the refusal's audit row names the document, so that the patient's own view, which hides
        // the document, hides the row that would tell a document is withheld
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'REJECTED' AND detail LIKE 'unmask event %'"
                + " AND document_uid = ?", source.get("document_uid"))).isEqualTo(1);
        assertThat(new fr.dmp.ingest.report.AuditTrail(jdbc).history(count("SELECT dossier_id FROM dmp.document WHERE document_uid = ?",
                source.get("document_uid")), false)).noneMatch(e -> e.detail() != null && e.detail().startsWith("unmask event"));
        assertThat(jdbc.queryForObject("SELECT array_to_string(confidentiality, ',') FROM dmp.document WHERE document_uid = ?",
                String.class, plain.get("document_uid"))).isEqualTo("N");
        for (String action : List.of("MASKED", "UNMASKED")) {
            assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = ? AND document_uid = ?", action,
                    plain.get("document_uid"))).as(action).isEqualTo(1);
        }
    }

    @Test
    void r2_r13_aDocumentRefusedVersionConflictOpensNoDossierWhileItsChunkNeighboursStillDo() throws Exception {
        // issue 16 item 11: a create feed opened the dossier before the version checks refused its only document
        List<SyntheticPatient> fresh = SyntheticPatients.pool(2, 246_813_579L);
        SyntheticPatient alone = fresh.get(0);
        SyntheticPatient withOther = fresh.get(1);
        assertThat(count("SELECT count(*) FROM dmp.dossier WHERE ins IN (?, ?)", alone.ins(), withOther.ins())).isZero();
        Instant t = Instant.parse("2026-11-21T08:00:00Z");
        // one drop, one chunk: corrections (status C) of results never stored, and one ordinary result
        RunReport labs = ingest("lab-results", dropOf("drop-conflict-first", Map.of(
                "vc-correction-alone.hl7", new OruBuilder().patient(alone).controlId("VC-1").orderNumber("VC-NONE-1")
                        .observations(2).seed(11).time(t).resultStatus("C").build(),
                "vc-correction-other.hl7", new OruBuilder().patient(withOther).controlId("VC-2").orderNumber("VC-NONE-2")
                        .observations(2).seed(12).time(t).resultStatus("C").build(),
                "vc-ordinary-other.hl7", new OruBuilder().patient(withOther).controlId("VC-3").orderNumber("VC-3")
                        .observations(2).seed(13).time(t).resultStatus("F").build())));
        assertThat(outcome("lab-results", "vc-correction-alone.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(outcome("lab-results", "vc-correction-other.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(outcome("lab-results", "vc-ordinary-other.hl7")).isEqualTo("STORED");
        assertThat(labs.stored()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dmp.dossier WHERE ins = ?", alone.ins())).as("no dossier for a refused document").isZero();
        long other = dossier(withOther);
        assertThat(count("SELECT count(*) FROM dmp.document WHERE dossier_id = ?", other)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE dossier_id = ? AND action = 'CREATED'", other)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dmp.observation o JOIN dmp.document d ON d.id = o.document_id WHERE d.dossier_id = ?",
                other)).isEqualTo(2);
    }

    @Test
    void r2_aDocumentRefusedVersionConflictLeavesNoTraitsForItsPatientsNextDocumentInTheChunk() throws Exception {
        // round 34, a tester: a message refused VERSION_CONFLICT (another patient's order) opened the new patient's dossier
        // with its own traits (a birth date mistyped); the patient's right message after it in the file was refused
        // IDENTITY_MISMATCH, and the dossier stayed open, empty, with the wrong birth date
        List<SyntheticPatient> two = SyntheticPatients.pool(2, 246_034_734L);
        SyntheticPatient x = two.get(0);
        SyntheticPatient y = two.get(1);
        SyntheticPatient yMistyped = new SyntheticPatient(y.ins(), y.birthName(), y.firstNames(), y.sex(),
                y.birthDate().plusDays(3), y.birthPlace());
        Instant t = Instant.parse("2026-11-21T08:00:00Z");
        labReport(x, "x-order.hl7", "XORD", "58410-2", 70, t, "F");
        String file = new OruBuilder().patient(yMistyped).controlId("Y-1").orderNumber("CMD-XORD").panel("58410-2", "panel")
                .observations(2).seed(71).time(t).resultStatus("F").build()
                + new OruBuilder().patient(y).controlId("Y-2").orderNumber("CMD-YORD").panel("58410-2", "panel")
                .observations(2).seed(72).time(t).resultStatus("F").build();
        RunReport r = ingest("lab-results", dropOf("drop-misopened", Map.of("y-two-messages.hl7", file)));
        assertThat(r.documentsStored()).isEqualTo(1);
        long dossier = dossier(y);
        assertThat(jdbc.queryForObject("SELECT birth_date FROM dmp.dossier WHERE id = ?", java.time.LocalDate.class, dossier))
                .isEqualTo(y.birthDate());
        assertThat(count("SELECT count(*) FROM dmp.document WHERE dossier_id = ?", dossier)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE dossier_id = ? AND action = 'CREATED'", dossier)).isEqualTo(1);
        // the refusal stays in the patient's history (R7, a review)
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE dossier_id = ? AND action = 'REJECTED'", dossier)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT primary_reason FROM dmp.disposition WHERE original_name = 'y-two-messages.hl7'",
                String.class)).isEqualTo("VERSION_CONFLICT");
    }

    @Test
    void r13_aLabResultCorrectedWithStatusCReplacesTheVersionItCorrects() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 123_456_789L).get(0);
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        labVersion(p, "final.hl7", "CORR", 1, t, "F");
        labVersion(p, "corrected.hl7", "CORR", 2, t.plusSeconds(3600), "C");
        assertThat(outcome("lab-results", "corrected.hl7")).isEqualTo("STORED");
        long first = count("SELECT id FROM dmp.document WHERE source_file = 'final.hl7'");
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.document WHERE id = ?", String.class, first)).isEqualTo("REPLACED");
        assertThat(jdbc.queryForObject("SELECT status || ':' || replaces_id FROM dmp.document WHERE source_file = 'corrected.hl7'",
                String.class)).isEqualTo("CURRENT:" + first);
    }

    @Test
    void r5_deletingADocumentDeletesItsEarlierVersionsToo() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 555_000_111L).get(0);
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        labVersion(p, "v1-to-delete.hl7", "DEL", 1, t, "F");
        labVersion(p, "v2-to-delete.hl7", "DEL", 2, t.plusSeconds(60), "C");
        String current = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'v2-to-delete.hl7'", String.class);
        events("delete-set", p.ins() + "," + SyntheticPatient.TEST_OID + ",delete-document,2026-11-22T09:00:00+01:00," + current);
        for (String file : List.of("v1-to-delete.hl7", "v2-to-delete.hl7")) {
            assertThat(jdbc.queryForObject("SELECT status FROM dmp.document WHERE source_file = ?", String.class, file)).as(file)
                    .isEqualTo("DELETED");
            assertThat(count("SELECT count(*) FROM dmp.content c JOIN dmp.document d ON d.content_sha256 = c.sha256"
                    + " WHERE d.source_file = ? AND c.data IS NULL", file)).as(file).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM dmp.observation o JOIN dmp.document d ON d.id = o.document_id"
                    + " WHERE d.source_file = ?", file)).as(file).isZero();
            assertThat(count("SELECT count(*) FROM dmp.audit_event a JOIN dmp.document d ON d.document_uid = a.document_uid"
                    + " WHERE a.action = 'DELETED' AND d.source_file = ?", file)).as(file).isEqualTo(1);
        }

        // deleting an earlier version deletes the later one that replaces it too: the patient deleted the report read, the
        // correction stayed current, readable, while one arriving after the deletion was refused (round 31, a tester)
        SyntheticPatient q = SyntheticPatients.pool(1, 555_000_222L).get(0);
        labVersion(q, "w1-to-delete.hl7", "DEL-2", 3, t, "F");
        labVersion(q, "w2-replacing.hl7", "DEL-2", 4, t.plusSeconds(60), "C");
        String earlier = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'w1-to-delete.hl7'", String.class);
        events("delete-earlier", q.ins() + "," + SyntheticPatient.TEST_OID + ",delete-document,2026-11-22T09:00:00+01:00," + earlier);
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.document WHERE source_file = 'w1-to-delete.hl7'", String.class))
                .isEqualTo("DELETED");
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.document WHERE source_file = 'w2-replacing.hl7'", String.class))
                .isEqualTo("DELETED");
        assertThat(count("SELECT count(*) FROM dmp.content c JOIN dmp.document d ON d.content_sha256 = c.sha256"
                + " WHERE d.source_file = 'w2-replacing.hl7' AND c.data IS NULL")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.audit_event a JOIN dmp.document d ON d.document_uid = a.document_uid"
                + " WHERE a.action = 'DELETED' AND d.source_file = 'w2-replacing.hl7'", String.class))
                .isEqualTo(fr.dmp.ingest.link.DeletionRule.REPLACING_VERSION);

        // round 27 (a tester): the deletion is the patient's choice about the document, as a masking is: the laboratory's
        // later version of a report the patient deleted does not put it back; a report of other tests is another document
        labVersion(p, "v3-after-deletion.hl7", "DEL", 5, t.plusSeconds(3600), "F");
        assertThat(outcome("lab-results", "v3-after-deletion.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(count("SELECT count(*) FROM dmp.document WHERE source_file = 'v3-after-deletion.hl7'")).isZero();
        labReport(p, "other-tests-after-deletion.hl7", "DEL", "24323-8", 6, t.plusSeconds(3600), "F");
        assertThat(outcome("lab-results", "other-tests-after-deletion.hl7")).isEqualTo("STORED");
        // a review: two later versions in one file, the second went through the versions' path and was stored
        String twoFinals = new OruBuilder().patient(p).controlId("two-finals-1").orderNumber("CMD-DEL")
                .panel("58410-2", "Numération formule sanguine").observations(2).seed(7).time(t.plusSeconds(7200)).build()
                + new OruBuilder().patient(p).controlId("two-finals-2").orderNumber("CMD-DEL")
                .panel("58410-2", "Numération formule sanguine").observations(2).seed(8).time(t.plusSeconds(7300)).build();
        ingest("lab-results", dropOf("drop-two-finals", Map.of("two-finals-after-deletion.hl7", twoFinals)));
        assertThat(count("SELECT count(*) FROM dmp.document WHERE source_file = 'two-finals-after-deletion.hl7'")).isZero();
        // another patient's deletion under the same set (producers reuse placeholder setIds) refuses nothing of this one's
        SyntheticPatient a = SyntheticPatients.pool(1, 555_000_333L).get(0);
        SyntheticPatient b = SyntheticPatients.pool(1, 555_000_444L).get(0);
        ingest(HOSPITAL, dropOf("drop-shared-set-a", Map.of("shared-set-a.xml", new CdaBuilder().patient(a)
                .id("1.2.250.1.999.28", "SHARED-A").version("PLACEHOLDER", 1).time(t).build())));
        events("delete-shared-set-a", a.ins() + "," + SyntheticPatient.TEST_OID + ",delete-document,2026-11-22T09:00:00+01:00,"
                + jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'shared-set-a.xml'", String.class));
        ingest(HOSPITAL, dropOf("drop-shared-set-b", Map.of("shared-set-b.xml", new CdaBuilder().patient(b)
                .id("1.2.250.1.999.28", "SHARED-B").version("PLACEHOLDER", 1).time(t).build())));
        assertThat(outcome(HOSPITAL, "shared-set-b.xml")).isEqualTo("STORED");
    }

    @Test
    void r12_theOppositionToBreakGlassAccessIsKeptWithTheDossier() {
        assertThat(jdbc.queryForObject("SELECT emergency_access_opposed FROM dmp.dossier WHERE id = ?", Boolean.class,
                dossier(P.get(9)))).isTrue();
        assertThat(count("SELECT count(*) FROM dmp.dossier WHERE emergency_access_opposed")).isEqualTo(1);
    }

    @Test
    void r13_aReplacementKeepsTheOldVersionsAndOneVersionIsCurrent() {
        String root = "1.2.250.1.213.1.1.9^";
        assertThat(status(root + "R13-V1")).isEqualTo("REPLACED");
        assertThat(status(root + "R13-V2")).isEqualTo("REPLACED");
        assertThat(status(root + "R13-V3")).isEqualTo("CURRENT");
        assertThat(count("SELECT count(DISTINCT set_id) FROM dmp.document WHERE document_uid LIKE '%R13-V_'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dmp.document WHERE document_uid = ? AND replaces_id ="
                + " (SELECT id FROM dmp.document WHERE document_uid = ?)", root + "R13-V3", root + "R13-V2")).isEqualTo(1);
        assertThat(outcome(HOSPITAL, "rule-r13-unknown-target.xml")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        // the MDM^T10 and the CDA RPLC of the general samples too
        assertThat(status("1.2.250.1.213.1.1.9.7^MDM-DOC-1")).isEqualTo("REPLACED");
        assertThat(status(root + "CDA-2")).isEqualTo("REPLACED");
        assertThat(count("SELECT count(*) FROM (SELECT set_id FROM dmp.document WHERE status = 'CURRENT' GROUP BY 1"
                + " HAVING count(*) > 1) x")).isZero();
    }

    @Test
    void identityEachDisagreeingTraitIsAMismatchWhileSpellingDifferencesAreNot() {
        for (String trait : List.of("birth-name", "first-names", "sex", "birth-date", "birth-place")) {
            assertThat(outcome(HOSPITAL, "rule-identity-" + trait + ".xml")).as(trait).isEqualTo("QUARANTINED:IDENTITY_MISMATCH");
        }
        assertThat(outcome(HOSPITAL, "rule-identity-normalised.xml")).isEqualTo("STORED");
        assertThat(outcome(HOSPITAL, "rule-not-qualified.pdf")).isEqualTo("QUARANTINED:IDENTITY_NOT_QUALIFIED");
        // never an overwrite
        SyntheticPatient four = P.get(4);
        assertThat(jdbc.queryForObject("SELECT birth_name FROM dmp.dossier WHERE ins = ?", String.class, four.ins()))
                .isEqualTo(four.birthName());
    }

    @Test
    void aMergeMovesTheDocumentsUnderTheSurvivingDossierAndLaterOnesFollow() {
        long surviving = dossier(P.get(11));
        long merged = count("SELECT id FROM dmp.dossier WHERE ins = ?", SampleData.duplicateIdentityOf11());
        assertThat(count("SELECT merged_into FROM dmp.dossier WHERE id = ?", merged)).isEqualTo(surviving);
        assertThat(count("SELECT count(*) FROM dmp.document WHERE dossier_id = ?", merged)).isZero();
        assertThat(count("SELECT count(*) FROM dmp.document WHERE dossier_id = ? AND source_file = 'oru-duplicate-identity.hl7'",
                surviving)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dmp.document WHERE dossier_id = ? AND source_file = 'rule-merged-identity.xml'",
                surviving)).isEqualTo(1);
    }

    @Test
    void theSameEventsAgainChangeNothingAndAWithdrawnOppositionLetsLaterDocumentsIn() throws Exception {
        String changes = "SELECT count(*) FROM dmp.audit_event WHERE action NOT IN ('DUPLICATE', 'REJECTED')";
        long before = count(changes);
        String states = "SELECT string_agg(id || status || coalesce(retention_until::text, ''), ',' ORDER BY id) FROM dmp.dossier";
        String statesBefore = jdbc.queryForObject(states, String.class);
        RunReport again = ingest("patient-events", dropWithSamples("patient-events"));
        assertThat(again.stored()).isZero();
        assertThat(again.duplicates()).isEqualTo(events.stored());
        assertThat(count(changes)).isEqualTo(before);
        assertThat(jdbc.queryForObject(states, String.class)).isEqualTo(statesBefore);
        // R9: the opposition to this source is withdrawn on the 21st: the document dropped after it is filed
        Path drop = work.resolve("drop-withdrawal");
        Files.createDirectories(drop);
        Files.writeString(drop.resolve("withdraw.csv"), "ins,oid,event,at,detail\n" + P.get(10).ins() + ","
                + SyntheticPatient.TEST_OID + ",withdraw-opposition,2026-11-21T09:00:00+01:00,750000001\n");
        Files.setLastModifiedTime(drop.resolve("withdraw.csv"), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        ingest("patient-events", drop);
        Path reports = work.resolve("drop-after-withdrawal");
        Files.createDirectories(reports);
        Files.copy(Path.of("sample-data", HOSPITAL, "rule-r9-opposed-this-source.xml"), reports.resolve("after-withdrawal.xml"));
        Files.setLastModifiedTime(reports.resolve("after-withdrawal.xml"), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        assertThat(ingest(HOSPITAL, reports).stored()).isEqualTo(1);
    }
}
