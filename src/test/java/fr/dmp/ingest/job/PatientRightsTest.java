package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.cli.PurgeCommand;
import fr.dmp.ingest.store.DossierEventStore;
import fr.dmp.ingest.tools.generate.AdtBuilder;
import fr.dmp.ingest.tools.generate.OruBuilder;
import fr.dmp.ingest.tools.generate.SyntheticPatient;
import fr.dmp.ingest.tools.generate.SyntheticPatients;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, the patient's rights to the end, against real PostgreSQL through the feeds (RulesTest's style):
 * a merge keeps the stricter rights, masking never drops a flag, the definitive deletion of the dossier,
 * the annulment of a death recorded in error. Each test has fresh patients and an empty store.
 */
class PatientRightsTest extends PipelineTestSupport {

    static final String OID = SyntheticPatient.TEST_OID;
    static final Instant T = Instant.parse("2026-11-20T08:00:00Z");

    private Path dropOf(String name, Map<String, String> files) throws Exception {
        Path drop = Files.createDirectories(work.resolve(name));
        for (var f : files.entrySet()) {
            Files.writeString(drop.resolve(f.getKey()), f.getValue());
            Files.setLastModifiedTime(drop.resolve(f.getKey()), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        }
        return drop;
    }

    /** A CSV of dossier events (lines {@code ins,oid,event,at,detail}) through the patient-events feed. */
    private void events(String name, String... lines) throws Exception {
        ingest("patient-events", dropOf("drop-" + name, Map.of(name + ".csv", "ins,oid,event,at,detail\n"
                + String.join("\n", lines) + "\n")));
    }

    private String lab(SyntheticPatient p, String file, int seed) throws Exception {
        ingest("lab-results", dropOf("drop-" + file, Map.of(file, new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(p).controlId(file)
                .orderNumber("CMD-" + file).observations(2).seed(seed).time(T).build())));
        return outcome("lab-results", file);
    }

    private long dossier(SyntheticPatient p) {
        return count("SELECT id FROM dmp.dossier WHERE ins = ?", p.ins());
    }

    private String dossierStatus(long id) {
        return jdbc.queryForObject("SELECT status FROM dmp.dossier WHERE id = ?", String.class, id);
    }

    private String eventState(SyntheticPatient p, String kind) {
        return jdbc.queryForObject("SELECT state || ':' || outcome FROM dmp.dossier_event WHERE ins = ? AND kind = ?"
                + " ORDER BY id DESC LIMIT 1", String.class, p.ins(), kind);
    }

    @Test
    void r4_r9_r12_aMergeGivesTheSurvivingDossierTheStricterRightsOfTheTwoAuditedOnBoth() throws Exception {
        List<SyntheticPatient> two = SyntheticPatients.pool(2, 150_001L);
        SyntheticPatient surviving = two.get(0);
        SyntheticPatient merged = new SyntheticPatient(two.get(1).ins(), surviving.birthName(), surviving.firstNames(),
                surviving.sex(), surviving.birthDate(), surviving.birthPlace()); // the same person under a second matricule
        assertThat(lab(surviving, "surviving.hl7", 1)).isEqualTo("STORED");
        assertThat(lab(merged, "merged.hl7", 2)).isEqualTo("STORED");
        events("merged-rights", merged.ins() + "," + OID + ",oppose,2026-11-20T09:00:00+01:00,750000001",
                merged.ins() + "," + OID + ",death,2026-11-21T09:00:00+01:00,");
        ingest("patient-events", dropOf("drop-a40", Map.of("a40.hl7", new AdtBuilder().event("A40", "ADT_A39")
                .controlId("A40-15").patient(surviving).time(Instant.parse("2026-11-22T09:00:00Z")).merged(merged.ins()).build())));
        long s = dossier(surviving);
        long m = dossier(merged);
        assertThat(eventState(surviving, "merge")).isEqualTo("APPLIED:merged 1 documents; surviving dossier takes DECEASED,"
                + " opposition 750000001");
        // R4: the death recorded on the merged identity holds; R9: so does its opposition
        assertThat(dossierStatus(s)).isEqualTo("DECEASED");
        assertThat(jdbc.queryForObject("SELECT deceased_at FROM dmp.dossier WHERE id = ?", java.sql.Timestamp.class, s).toInstant())
                .isEqualTo(Instant.parse("2026-11-21T08:00:00Z"));
        assertThat(count("SELECT count(*) FROM dmp.dossier_opposition WHERE dossier_id = ? AND source = '750000001' AND active", s))
                .isEqualTo(1);
        // R7: both dossiers' histories say it
        assertThat(jdbc.queryForList("SELECT action || ':' || detail FROM dmp.audit_event WHERE dossier_id = ? AND action IN"
                + " ('MERGED', 'DEATH', 'OPPOSITION') ORDER BY id", String.class, s)).containsExactly(
                "MERGED:1 documents from dossier " + m + "; surviving dossier takes DECEASED, opposition 750000001",
                "DEATH:from merged dossier " + m, "OPPOSITION:source 750000001, from merged dossier " + m);
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.audit_event WHERE dossier_id = ? AND action = 'MERGED'", String.class, m))
                .isEqualTo("merged into dossier " + s + "; surviving dossier takes DECEASED, opposition 750000001");
        // a later document for either identity is refused
        assertThat(lab(surviving, "after-merge.hl7", 3)).isEqualTo("QUARANTINED:PATIENT_DECEASED");
        // a document stored before the merge, sent again under either identity, is the same patient's: a duplicate, not
        // the IDENTITY_MISMATCH of a document sent for another patient (round 26)
        assertThat(lab(merged, "merged.hl7", 2)).isEqualTo("DUPLICATE");
        assertThat(lab(surviving, "surviving.hl7", 1)).isEqualTo("DUPLICATE");
    }

    /**
     * Round 27 (a tester): a merge into an identity with no dossier yet waits; the first document of that identity opened
     * its dossier and was stored past the merged identity's opposition. The rights the merge will bring hold from the
     * opening; the merge itself (the documents) still waits for the events step, which then applies it.
     */
    @Test
    void r1_r9_aWaitingMergeBringsTheMergedIdentitysOppositionToTheDossierItsSurvivorOpens() throws Exception {
        List<SyntheticPatient> two = SyntheticPatients.pool(2, 150_027L);
        SyntheticPatient surviving = two.get(0);
        SyntheticPatient merged = new SyntheticPatient(two.get(1).ins(), surviving.birthName(), surviving.firstNames(),
                surviving.sex(), surviving.birthDate(), surviving.birthPlace());
        assertThat(lab(merged, "opposed-identity.hl7", 1)).isEqualTo("STORED");
        events("opposed-identity", merged.ins() + "," + OID + ",oppose,2026-11-20T09:00:00+01:00,*");
        ingest("patient-events", dropOf("drop-a40-waiting", Map.of("a40-waiting.hl7", new AdtBuilder().event("A40", "ADT_A39")
                .controlId("A40-27").patient(surviving).time(Instant.parse("2026-11-22T09:00:00Z")).merged(merged.ins()).build())));
        assertThat(eventState(surviving, "merge")).startsWith("PENDING");
        assertThat(lab(surviving, "first-of-survivor.hl7", 2)).isEqualTo("QUARANTINED:DOSSIER_OPPOSITION");
        long s = dossier(surviving);
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.audit_event WHERE dossier_id = ? AND action = 'OPPOSITION'",
                String.class, s)).isEqualTo("source *, from dossier " + dossier(merged) + ", whose merge into this one waits");
        // R7: audited as the events feed's action, with its FINESS (round 28's left item: without a sender)
        assertThat(jdbc.queryForObject("SELECT feed || ':' || coalesce(sender_org, '-') FROM dmp.audit_event WHERE dossier_id = ?"
                + " AND action = 'OPPOSITION'", String.class, s)).isEqualTo("patient-events:750000001");
        // the events feed has work even with nothing in its drop (a nightly run skipped it: the merge waited for a new
        // events file, round 27), and its run merges the documents, the opposition already held
        java.nio.file.Path emptyDrop = java.nio.file.Files.createDirectories(work.resolve("empty-events-drop"));
        assertThat(runner.nothingToDo("patient-events", new IngestRunner.Options(emptyDrop, work,
                work.resolve("reports").resolve("patient-events.json"), null))).isFalse();
        ingest("patient-events", emptyDrop);
        assertThat(eventState(surviving, "merge")).startsWith("APPLIED:merged 1 documents");
        assertThat(runner.nothingToDo("patient-events", new IngestRunner.Options(emptyDrop, work,
                work.resolve("reports").resolve("patient-events.json"), null))).isTrue();
        assertThat(count("SELECT count(*) FROM dmp.dossier_opposition WHERE dossier_id = ? AND source = '*' AND active", s))
                .isEqualTo(1);
    }

    /**
     * rules.md R1, R3: a chain of two merges (M3 into M2, then M2 into M1): M3's later documents were filed in M2, merged
     * away and read by no one, and a closing under M3's INS closed M2 while M1 stayed open (round 37, a tester). Every
     * identity merged into the merged one now leads to the survivor.
     */
    @Test
    void r1_r3_afterAChainOfTwoMergesTheFirstIdentitysDocumentsAndChoicesReachTheSurvivor() throws Exception {
        List<SyntheticPatient> three = SyntheticPatients.pool(3, 150_037L);
        SyntheticPatient m1 = three.get(0);
        java.util.function.Function<SyntheticPatient, SyntheticPatient> as = p -> new SyntheticPatient(p.ins(), m1.birthName(),
                m1.firstNames(), m1.sex(), m1.birthDate(), m1.birthPlace());
        SyntheticPatient m2 = as.apply(three.get(1));
        SyntheticPatient m3 = as.apply(three.get(2));
        assertThat(lab(m1, "chain-m1.hl7", 1)).isEqualTo("STORED");
        assertThat(lab(m2, "chain-m2.hl7", 2)).isEqualTo("STORED");
        assertThat(lab(m3, "chain-m3.hl7", 3)).isEqualTo("STORED");
        ingest("patient-events", dropOf("drop-chain-1", Map.of("chain-1.hl7", new AdtBuilder().event("A40", "ADT_A39")
                .controlId("CHAIN-1").patient(m2).time(Instant.parse("2026-11-22T09:00:00Z")).merged(m3.ins()).build())));
        ingest("patient-events", dropOf("drop-chain-2", Map.of("chain-2.hl7", new AdtBuilder().event("A40", "ADT_A39")
                .controlId("CHAIN-2").patient(m1).time(Instant.parse("2026-11-23T09:00:00Z")).merged(m2.ins()).build())));
        long survivor = dossier(m1);
        assertThat(count("SELECT count(*) FROM dmp.dossier WHERE merged_into = ?", survivor)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM dmp.document WHERE dossier_id = ?", survivor)).isEqualTo(3);
        assertThat(lab(m3, "chain-m3-later.hl7", 4)).isEqualTo("STORED");
        assertThat(count("SELECT count(*) FROM dmp.document WHERE dossier_id = ?", survivor)).isEqualTo(4);
        // the same document again under M3's INS is a duplicate, not "stored in another patient's dossier"
        ingest("lab-results", dropOf("drop-chain-again", Map.of("chain-m3-again.hl7", new OruBuilder().panel("58410-2",
                "Numération formule sanguine").patient(m3).controlId("chain-m3.hl7").orderNumber("CMD-chain-m3.hl7")
                .observations(2).seed(3).time(T).build())));
        assertThat(outcome("lab-results", "chain-m3-again.hl7")).isEqualTo("DUPLICATE");
        // R3: the patient's closing under M3's INS closes the dossier it leads to
        events("chain-close", m3.ins() + "," + OID + ",close,2026-11-24T09:00:00+01:00,");
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.dossier WHERE id = ?", String.class, survivor)).isEqualTo("CLOSED");
    }

    /**
     * rules.md R13, round 37 (a tester on dcm4che's messages): two finals of one order with the same OBR-7 and no OBR-22, the
     * earlier message (MSH-7) sent second, became the current report by arrival. The message's time now orders them.
     */
    @Test
    void r13_ofTwoVersionsOfOneReportTimeAndStatusTheEarlierMessageIsNoNextVersion() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 150_041L).get(0);
        java.util.function.BiFunction<String, String, String> message = (control, msh7) -> {
            String m = new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(p).controlId(control)
                    .orderNumber("CMD-MSH7").observations(2).seed(7).time(T).build();
            String[] segments = m.split("\r");
            String[] msh = segments[0].split("\\|", -1);
            msh[6] = msh7;
            segments[0] = String.join("|", msh);
            for (int i = 0; i < segments.length; i++) {
                if (segments[i].startsWith("OBR|")) {
                    String[] obr = segments[i].split("\\|", -1);
                    obr[22] = ""; // no report time: OBR-7 dates both versions alike
                    segments[i] = String.join("|", obr);
                }
            }
            return String.join("\r", segments) + "\r";
        };
        ingest("lab-results", dropOf("drop-msh7-later", Map.of("msh7-later.hl7", message.apply("MSH7-LATER", "20261120100500"))));
        assertThat(outcome("lab-results", "msh7-later.hl7")).isEqualTo("STORED");
        ingest("lab-results", dropOf("drop-msh7-earlier", Map.of("msh7-earlier.hl7", message.apply("MSH7-EARLIER", "20261120100300"))));
        assertThat(outcome("lab-results", "msh7-earlier.hl7")).isEqualTo("QUARANTINED:VERSION_CONFLICT");
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.document WHERE source_file = 'msh7-later.hl7'", String.class))
                .isEqualTo("CURRENT");
        // a later message of the same time and status is the next version, as before
        ingest("lab-results", dropOf("drop-msh7-latest", Map.of("msh7-latest.hl7", message.apply("MSH7-LATEST", "20261120100700"))));
        assertThat(outcome("lab-results", "msh7-latest.hl7")).isEqualTo("STORED");
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.document WHERE source_file = 'msh7-later.hl7'", String.class))
                .isEqualTo("REPLACED");
    }

    @Test
    void r6_connexionSecreteFromMetaDmpMssRefusesTheDocumentNeverDropsTheFlag() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 150_002L).get(0);
        String flag = "CONNEXION_SECRETE";
        String file = flag.toLowerCase() + ".hl7";
        ingest("lab-results", dropOf("drop-" + flag, Map.of(file, new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(p).controlId(flag).orderNumber(flag)
                .observations(2).time(T).extraObx("CE|" + flag + "^" + flag + "^MetaDMPMSS||Y^^HL70136||||||F").build())));
        assertThat(outcome("lab-results", file)).as(flag).isEqualTo("QUARANTINED:METADATA_INVALID");
        // set to N, the flag asks for nothing: the result is stored
        ingest("lab-results", dropOf("drop-flag-n", Map.of("flag-n.hl7", new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(p).controlId("FLAG-N").orderNumber("FLAG-N")
                .observations(2).time(T).extraObx("CE|CONNEXION_SECRETE^Connexion secrete^MetaDMPMSS||N||||||F").build())));
        assertThat(outcome("lab-results", "flag-n.hl7")).isEqualTo("STORED");
    }

    @Test
    void r5_r13_aNewVersionFromTheSenderKeepsThePatientsMaskingAndMayLiftOnlyTheSendersOwnFlag() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 150_004L).get(0);
        // v1: the laboratory sends it hidden from the patient until a consultation announces it
        ingest("lab-results", dropOf("drop-v1", Map.of("v1.hl7", new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(p).controlId("V1").orderNumber("CMD-V")
                .observations(2).seed(1).time(T).extraObx("CE|INVISIBLE_PATIENT^Invisible patient^MetaDMPMSS||Y^^HL70136||||||F").build())));
        assertThat(outcome("lab-results", "v1.hl7")).isEqualTo("STORED");
        String v1 = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'v1.hl7'", String.class);
        // the patient masks it from professionals
        events("mask-v1", p.ins() + "," + OID + ",mask,2026-11-21T08:00:00+01:00," + v1);
        assertThat(codes("v1.hl7")).isEqualTo("N,INVISIBLE_PATIENT,MASQUE_PS"); // a level first (rules.md R6)
        // v2: the corrected result, announced to the patient: the sender lifts its own flag (ANS: MODIF_CONF_CODE=Y)
        ingest("lab-results", dropOf("drop-v2", Map.of("v2.hl7", new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(p).controlId("V2").orderNumber("CMD-V")
                .observations(2).seed(2).time(T.plusSeconds(86_400)).resultStatus("C")
                .extraObx("CE|MODIF_CONF_CODE^Modification confidentialite^MetaDMPMSS||Y^^HL70136||||||F").build())));
        assertThat(outcome("lab-results", "v2.hl7")).isEqualTo("STORED");
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.document WHERE source_file = 'v1.hl7'", String.class)).isEqualTo("REPLACED");
        // the patient's masking stays on the current version; the sender's INVISIBLE_PATIENT is gone
        assertThat(codes("v2.hl7")).isEqualTo("N,MASQUE_PS");
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.audit_event WHERE action = 'REPLACED' AND document_uid = ?",
                String.class, v1)).endsWith("; the patient's masking kept: MASQUE_PS");
        assertThat(jdbc.queryForObject("SELECT array_to_string(patient_masking, ',') FROM dmp.document WHERE source_file = 'v2.hl7'",
                String.class)).isEqualTo("MASQUE_PS");
        // and the patient can lift it on the new version: the masking was theirs
        String v2 = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'v2.hl7'", String.class);
        events("unmask-v2", p.ins() + "," + OID + ",unmask,2026-11-23T08:00:00+01:00," + v2);
        assertThat(eventState(p, "unmask")).isEqualTo("APPLIED:unmasked MASQUE_PS");
        assertThat(codes("v2.hl7")).isEqualTo("N");
    }

    @Test
    void r6_r7_thePatientsHistoryDoesNotNameAVersionHiddenFromThePatient() throws Exception {
        // round 34, a tester: a visible report replaced by a version its sender hides from the patient (INVISIBLE_PATIENT):
        // the patient's view left out the new version's rows but showed "replaced by <its id>" on the old one's
        SyntheticPatient p = SyntheticPatients.pool(1, 150_034L).get(0);
        ingest("lab-results", dropOf("drop-u1", Map.of("u1.hl7", new OruBuilder().panel("58410-2", "Numération formule sanguine")
                .patient(p).controlId("U1").orderNumber("CMD-U").observations(2).seed(1).time(T).build())));
        ingest("lab-results", dropOf("drop-u2", Map.of("u2.hl7", new OruBuilder().panel("58410-2", "Numération formule sanguine")
                .patient(p).controlId("U2").orderNumber("CMD-U").observations(2).seed(2).time(T.plusSeconds(86_400)).resultStatus("C")
                .extraObx("CE|INVISIBLE_PATIENT^Invisible patient^MetaDMPMSS||Y^^HL70136||||||F").build())));
        assertThat(outcome("lab-results", "u2.hl7")).isEqualTo("STORED");
        String u2 = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'u2.hl7'", String.class);
        long dossier = jdbc.queryForObject("SELECT dossier_id FROM dmp.document WHERE source_file = 'u1.hl7'", Long.class);
        // as the audit role reads it (an attacker: the owner's jdbc hid that the audit role could not read replaces_id)
        fr.dmp.ingest.report.AuditTrail trail = new fr.dmp.ingest.report.AuditTrail(new org.springframework.jdbc.core.JdbcTemplate(
                new org.springframework.jdbc.datasource.DriverManagerDataSource(server.jdbcUrl(), "dmp_audit", server.password("dmp_audit"))));
        List<String> patientView = trail.history(dossier, false).stream().map(fr.dmp.ingest.report.AuditTrail::line).toList();
        assertThat(patientView).isNotEmpty().noneMatch(l -> l.contains(u2)).noneMatch(l -> l.contains("REPLACED"));
        assertThat(trail.history(dossier, true).stream().map(fr.dmp.ingest.report.AuditTrail::line))
                .anyMatch(l -> l.contains("REPLACED") && l.contains(u2));
    }

    @Test
    void r5_r6_r13_theMaskingCarriedOntoANewVersionMayBeLiftedButNotTheSameFlagItsSenderStatesOnIt() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 150_006L).get(0);
        ingest("lab-results", dropOf("drop-w1", Map.of("w1.hl7", new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(p).controlId("W1").orderNumber("CMD-W")
                .observations(2).seed(1).time(T).build())));
        String w1 = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'w1.hl7'", String.class);
        events("mask-w1", p.ins() + "," + OID + ",mask,2026-11-21T08:00:00+01:00," + w1);
        assertThat(codes("w1.hl7")).isEqualTo("N,MASQUE_PS");
        // w2: the corrected result, which its sender hides from professionals itself
        ingest("lab-results", dropOf("drop-w2", Map.of("w2.hl7", new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(p).controlId("W2").orderNumber("CMD-W")
                .observations(2).seed(2).time(T.plusSeconds(86_400)).resultStatus("C")
                .extraObx("CE|MASQUE_PS^Masque aux professionnels^MetaDMPMSS||Y^^HL70136||||||F").build())));
        assertThat(outcome("lab-results", "w2.hl7")).isEqualTo("STORED");
        assertThat(codes("w2.hl7")).contains("MASQUE_PS");
        assertThat(jdbc.queryForObject("SELECT array_to_string(patient_masking, ',') FROM dmp.document WHERE source_file = 'w2.hl7'",
                String.class)).isEmpty();
        // the patient's unmasking cannot lift the flag the sender put on this version (R6), though they masked w1
        String w2 = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'w2.hl7'", String.class);
        events("unmask-w2", p.ins() + "," + OID + ",unmask,2026-11-23T08:00:00+01:00," + w2);
        assertThat(eventState(p, "unmask")).isEqualTo("REFUSED:the MASQUE_PS flag came with the document: kept");
        assertThat(codes("w2.hl7")).contains("MASQUE_PS");
    }

    @Test
    void r5_r13_thePatientsMaskingOfAFlagTheSenderAlreadySetHoldsWhenTheSendersNextVersionLiftsIt() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 150_007L).get(0);
        // x1 comes masked from professionals by its sender; the patient asks for the same (nothing to add)
        ingest("lab-results", dropOf("drop-x1", Map.of("x1.hl7", new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(p).controlId("X1").orderNumber("CMD-X")
                .observations(2).seed(1).time(T).extraObx("CE|MASQUE_PS^Masque aux professionnels^MetaDMPMSS||Y^^HL70136||||||F").build())));
        String x1 = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'x1.hl7'", String.class);
        events("mask-x1", p.ins() + "," + OID + ",mask,2026-11-21T08:00:00+01:00," + x1);
        assertThat(eventState(p, "mask")).isEqualTo("APPLIED:no change: already MASQUE_PS");
        // x2: the sender's correction without its flag; the patient's wish still hides it
        ingest("lab-results", dropOf("drop-x2", Map.of("x2.hl7", new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(p).controlId("X2").orderNumber("CMD-X")
                .observations(2).seed(2).time(T.plusSeconds(86_400)).resultStatus("C").build())));
        assertThat(outcome("lab-results", "x2.hl7")).isEqualTo("STORED");
        assertThat(codes("x2.hl7")).isEqualTo("N,MASQUE_PS");
        // and the patient may lift it there: it is theirs now, not the sender's
        String x2 = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'x2.hl7'", String.class);
        events("unmask-x2", p.ins() + "," + OID + ",unmask,2026-11-23T08:00:00+01:00," + x2);
        assertThat(eventState(p, "unmask")).isEqualTo("APPLIED:unmasked MASQUE_PS");
    }

    @Test
    void r5_r13_aMaskingThatNamesAReplacedVersionMasksTheCurrentOneAndMayBeLiftedThere() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 150_008L).get(0);
        ingest("lab-results", dropOf("drop-y1", Map.of("y1.hl7", new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(p).controlId("Y1").orderNumber("CMD-Y")
                .observations(2).seed(1).time(T).build())));
        String y1 = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'y1.hl7'", String.class);
        // y2 replaces y1 before the patient's masking of y1 (written when y1 was the one they saw) is read
        ingest("lab-results", dropOf("drop-y2", Map.of("y2.hl7", new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(p).controlId("Y2").orderNumber("CMD-Y")
                .observations(2).seed(2).time(T.plusSeconds(86_400)).resultStatus("C").build())));
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.document WHERE source_file = 'y1.hl7'", String.class)).isEqualTo("REPLACED");
        String y2 = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'y2.hl7'", String.class);
        events("mask-y1", p.ins() + "," + OID + ",mask,2026-11-21T08:00:00+01:00," + y1);
        // the document the patient masked is the one professionals read now: before, only the replaced y1 was masked
        assertThat(eventState(p, "mask")).isEqualTo("APPLIED:masked MASQUE_PS (on the current version: the event named a replaced one)");
        assertThat(codes("y2.hl7")).isEqualTo("N,MASQUE_PS");
        assertThat(count("SELECT count(*) FROM dmp.professional_document WHERE document_uid IN (?, ?)", y1, y2)).isZero();
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.dossier_event WHERE ins = ? AND kind = 'mask'", String.class, p.ins()))
                .isEqualTo(y2 + ";MASQUE_PS");
        // an unmasking naming y1 too lifts it from y2: the masking was the patient's
        events("unmask-y1", p.ins() + "," + OID + ",unmask,2026-11-23T08:00:00+01:00," + y1);
        assertThat(eventState(p, "unmask")).isEqualTo("APPLIED:unmasked MASQUE_PS (on the current version: the event named a replaced one)");
        assertThat(codes("y2.hl7")).isEqualTo("N");

        // round 31, an attacker: a masking of the first version, carried onto its replacement, then an older unmasking
        // naming the replacement, read a night later: it lifted the patient's later choice (the set's versions are one)
        ingest("lab-results", dropOf("drop-z1", Map.of("z1.hl7", new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(p).controlId("Z1").orderNumber("CMD-Z")
                .observations(2).seed(3).time(T).build())));
        String z1 = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'z1.hl7'", String.class);
        events("mask-z1", p.ins() + "," + OID + ",mask,2026-11-25T08:00:00+01:00," + z1);
        ingest("lab-results", dropOf("drop-z2", Map.of("z2.hl7", new OruBuilder().panel("58410-2", "Numération formule sanguine").patient(p).controlId("Z2").orderNumber("CMD-Z")
                .observations(2).seed(4).time(T.plusSeconds(86_400)).resultStatus("C").build())));
        assertThat(codes("z2.hl7")).isEqualTo("N,MASQUE_PS");
        String z2 = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'z2.hl7'", String.class);
        events("unmask-z2", p.ins() + "," + OID + ",unmask,2026-11-24T08:00:00+01:00," + z2);
        assertThat(eventState(p, "unmask")).startsWith("SUPERSEDED:");
        assertThat(codes("z2.hl7")).isEqualTo("N,MASQUE_PS");
    }

    private String codes(String sourceFile) {
        return jdbc.queryForObject("SELECT array_to_string(confidentiality, ',') FROM dmp.document WHERE source_file = ?",
                String.class, sourceFile);
    }

    /** A hospital report (MDM with its own document id, TXA-12) for {@code p}, through the hospital-reports feed. */
    private String report(SyntheticPatient p, String file, String documentId) throws Exception {
        ingest("hospital-reports", dropOf("drop-" + file, Map.of(file, new fr.dmp.ingest.tools.generate.MdmBuilder().patient(p)
                .controlId(file).documentId(documentId).typeCode("11490-0").time(T)
                .text("Compte rendu de consultation " + documentId + ". Patient revu ce jour, examen clinique sans particularite, suite en ville.")
                .build())));
        return outcome("hospital-reports", file);
    }

    /**
     * Round 29's left item: the events feed runs before the document feeds of the same night, so a masking or a deletion
     * sent with its document was refused "no such document" and the document was stored visible. It now waits for its
     * document and applies in the chunk that stores it, after its STORED row (rules.md R5).
     */
    @Test
    void r5_aMaskingOrDeletionSentTheSameNightAsItsDocumentWaitsForItAndHoldsFromItsStorage() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 150_030L).get(0);
        assertThat(lab(p, "opens.hl7", 1)).isEqualTo("STORED");
        String masked = fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("SAME-NIGHT-1");
        String deleted = fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("SAME-NIGHT-2");
        events("same-night", p.ins() + "," + OID + ",mask,2026-11-21T08:00:00+01:00," + masked,
                p.ins() + "," + OID + ",delete-document,2026-11-21T08:05:00+01:00," + deleted);
        assertThat(eventState(p, "mask")).isEqualTo("PENDING:" + fr.dmp.ingest.link.EventDecision.Waiting.WAITING_FOR_DOCUMENT);
        assertThat(eventState(p, "delete-document")).isEqualTo("PENDING:" + fr.dmp.ingest.link.EventDecision.Waiting.WAITING_FOR_DOCUMENT);
        // another events file later the same night: they still wait, nothing refused
        events("same-night-2", p.ins() + "," + OID + ",emergency-opposition,2026-11-21T09:00:00+01:00,");
        assertThat(eventState(p, "mask")).startsWith("PENDING:");
        // status says so (a mistyped document id would otherwise wait unseen)
        assertThat(new fr.dmp.ingest.store.OperatorQueries(jdbc).waitingEvents("patient-events"))
                .isEqualTo(new fr.dmp.ingest.store.OperatorQueries.WaitingEvents(0, 2, 0, Instant.parse("2026-11-21T07:00:00Z")));

        assertThat(report(p, "masked.hl7", "SAME-NIGHT-1")).isEqualTo("STORED");
        assertThat(report(p, "deleted.hl7", "SAME-NIGHT-2")).isEqualTo("STORED");
        assertThat(codes("masked.hl7")).isEqualTo("N,MASQUE_PS");
        assertThat(eventState(p, "mask")).isEqualTo("APPLIED:masked MASQUE_PS");
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.document WHERE source_file = 'deleted.hl7'", String.class))
                .isEqualTo("DELETED");
        assertThat(eventState(p, "delete-document")).isEqualTo("APPLIED:deleted");
        assertThat(count("SELECT count(*) FROM dmp.content c JOIN dmp.document x ON x.content_sha256 = c.sha256"
                + " WHERE x.source_file = 'deleted.hl7' AND c.data IS NOT NULL")).isZero();
        // never readable by a professional; the trail says stored, then what the patient asked, as the events feed's action
        assertThat(count("SELECT count(*) FROM dmp.professional_document WHERE document_uid IN (?, ?)", masked, deleted)).isZero();
        assertThat(jdbc.queryForList("SELECT action || ':' || feed FROM dmp.audit_event WHERE document_uid = ? ORDER BY id",
                String.class, masked)).containsExactly("STORED:hospital-reports", "MASKED:patient-events");
        assertThat(jdbc.queryForList("SELECT action || ':' || feed FROM dmp.audit_event WHERE document_uid = ? ORDER BY id",
                String.class, deleted)).containsExactly("STORED:hospital-reports", "DELETED:patient-events");
        assertThat(new fr.dmp.ingest.store.OperatorQueries(jdbc).waitingEvents("patient-events").total()).isZero();
        // sent again, the document is a duplicate and the events do not apply twice
        assertThat(report(p, "masked.hl7", "SAME-NIGHT-1")).isEqualTo("DUPLICATE");
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE document_uid = ? AND action = 'MASKED'", masked)).isEqualTo(1);
    }

    /**
     * Round 30, a tester: a masking and an unmasking of the same instant (dated by the day) ended as the lines' order
     * decided; the masking now holds in either order, as a closing does (R3). A masking of a deleted document was applied
     * "no change" with no row in the trail: refused, so audited (R7).
     */
    @Test
    void r5_aMaskingHoldsAgainstAnUnmaskingOfTheSameInstantAndAMaskingOfADeletedDocumentIsAudited() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 150_033L).get(0);
        String a = fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("TIE-A");
        String b = fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("TIE-B");
        String gone = fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("TIE-GONE");
        assertThat(report(p, "tie-a.hl7", "TIE-A")).isEqualTo("STORED");
        assertThat(report(p, "tie-b.hl7", "TIE-B")).isEqualTo("STORED");
        assertThat(report(p, "tie-gone.hl7", "TIE-GONE")).isEqualTo("STORED");
        events("ties", p.ins() + "," + OID + ",mask,2026-11-21," + a, p.ins() + "," + OID + ",unmask,2026-11-21," + a,
                p.ins() + "," + OID + ",unmask,2026-11-21," + b, p.ins() + "," + OID + ",mask,2026-11-21," + b,
                p.ins() + "," + OID + ",delete-document,2026-11-21T08:00:00+01:00," + gone,
                p.ins() + "," + OID + ",mask,2026-11-22T08:00:00+01:00," + gone);
        assertThat(codes("tie-a.hl7")).isEqualTo("N,MASQUE_PS");
        assertThat(codes("tie-b.hl7")).isEqualTo("N,MASQUE_PS");
        assertThat(jdbc.queryForList("SELECT outcome FROM dmp.dossier_event WHERE ins = ? AND kind = 'unmask' ORDER BY id",
                String.class, p.ins())).allMatch(o -> o.equals(fr.dmp.ingest.link.MaskingRule.SAME_INSTANT)
                || o.equals("the document is not masked MASQUE_PS: nothing to unmask"));
        assertThat(jdbc.queryForList("SELECT action || ':' || coalesce(detail, '') FROM dmp.audit_event WHERE document_uid = ?"
                + " ORDER BY id", String.class, gone)).hasSize(3).last().asString()
                .startsWith("REJECTED:mask event ").endsWith("refused: the document was deleted at the patient's request: nothing to mask");
    }

    /** An A28 whose ZFA-6 says the patient's break-glass choice ({@code Y} opposed) at {@code at}. */
    private void breakGlass(SyntheticPatient p, String file, String opposed, Instant at) throws Exception {
        ingest("patient-events", dropOf("drop-" + file, Map.of(file, new fr.dmp.ingest.tools.generate.AdtBuilder()
                .event("A28", "ADT_A05").controlId(file).patient(p).zfa("", null, null, "", null, opposed, at).time(at).build())));
    }

    /**
     * rules.md R5, R12. Round 31, a tester over fifteen nights: a masking, unmasking or break-glass choice older than one
     * already decided in an earlier run was applied, undoing the patient's later choice (an unmasking of the 28th read
     * after a masking of the 30th showed the document). Events apply in the order of their time across runs: superseded.
     */
    @Test
    void r5_r12_anOlderMaskingOrBreakGlassChoiceReadInALaterRunIsSuperseded() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 150_037L).get(0);
        String x = fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("ORD-X");
        String y = fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("ORD-Y");
        assertThat(report(p, "ord-x.hl7", "ORD-X")).isEqualTo("STORED");
        assertThat(report(p, "ord-y.hl7", "ORD-Y")).isEqualTo("STORED");
        events("order-1", p.ins() + "," + OID + ",mask,2026-11-30T08:00:00+01:00," + x,
                p.ins() + "," + OID + ",mask,2026-11-21T08:00:00+01:00," + y,
                p.ins() + "," + OID + ",unmask,2026-11-30T08:00:00+01:00," + y);
        breakGlass(p, "bg-30.hl7", "Y", Instant.parse("2026-11-30T07:00:00Z"));
        assertThat(codes("ord-x.hl7")).isEqualTo("N,MASQUE_PS");
        assertThat(codes("ord-y.hl7")).isEqualTo("N");
        events("order-2", p.ins() + "," + OID + ",unmask,2026-11-28T08:00:00+01:00," + x,
                p.ins() + "," + OID + ",mask,2026-11-27T08:00:00+01:00," + y);
        breakGlass(p, "bg-28.hl7", "N", Instant.parse("2026-11-28T07:00:00Z"));
        assertThat(codes("ord-x.hl7")).as("the masking of the 30th holds").isEqualTo("N,MASQUE_PS");
        assertThat(codes("ord-y.hl7")).as("the unmasking of the 30th holds").isEqualTo("N");
        assertThat(jdbc.queryForObject("SELECT emergency_access_opposed FROM dmp.dossier WHERE id = ?", Boolean.class, dossier(p)))
                .isTrue();
        assertThat(jdbc.queryForList("SELECT state FROM dmp.dossier_event WHERE ins = ? AND at < '2026-11-29' AND at > '2026-11-26' AND kind <> 'identity'"
                + " ORDER BY id", String.class, p.ins())).containsOnly("SUPERSEDED").hasSize(3); // an unmasking, a masking, the lift
        // each in the patient's history (R7): a superseded event left no row
        assertThat(jdbc.queryForList("SELECT detail FROM dmp.audit_event WHERE dossier_id = ? AND action = 'REJECTED'"
                + " ORDER BY id", String.class, dossier(p))).filteredOn(d -> d.contains(" superseded: ")).hasSize(3);
        // a review: the unmasking of the 30th read first is refused (nothing masked yet) but is still the patient's last
        // choice: the masking of the 28th read a night later is superseded
        String z = fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("ORD-Z");
        assertThat(report(p, "ord-z.hl7", "ORD-Z")).isEqualTo("STORED");
        events("order-z1", p.ins() + "," + OID + ",unmask,2026-11-30T08:00:00+01:00," + z);
        events("order-z2", p.ins() + "," + OID + ",mask,2026-11-28T08:00:00+01:00," + z);
        assertThat(codes("ord-z.hl7")).isEqualTo("N");
        assertThat(eventState(p, "mask")).startsWith("SUPERSEDED:");
        // a later choice, in a later run, still applies
        events("order-3", p.ins() + "," + OID + ",unmask,2026-12-01T08:00:00+01:00," + x);
        breakGlass(p, "bg-01.hl7", "N", Instant.parse("2026-12-01T07:00:00Z"));
        assertThat(codes("ord-x.hl7")).isEqualTo("N");
        assertThat(jdbc.queryForObject("SELECT emergency_access_opposed FROM dmp.dossier WHERE id = ?", Boolean.class, dossier(p)))
                .isFalse();
    }

    /**
     * Round 30, a reviewer: a deletion that waited for its document, applied after the whole chunk was stored, deleted the
     * document and left its replacement of the same file current, readable; a later chunk would have refused it. And a
     * content dropped by a deletion was never filled again: another document of the same bytes was stored without them.
     */
    @Test
    void r5_aWaitingDeletionTakesTheReplacementSentWithItAndBytesDroppedByADeletionAreFilledAgain() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 150_034L).get(0);
        assertThat(lab(p, "opens-r.hl7", 1)).isEqualTo("STORED");
        String x = fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("DEL-X");
        events("del-x", p.ins() + "," + OID + ",delete-document,2026-11-21T08:00:00+01:00," + x);
        String t02 = new fr.dmp.ingest.tools.generate.MdmBuilder().patient(p).controlId("DX-1").documentId("DEL-X").typeCode("11490-0")
                .time(T).text("Lettre de liaison, premiere version. Sortie ce jour, traitement inchange.").build();
        String t10 = new fr.dmp.ingest.tools.generate.MdmBuilder().patient(p).controlId("DX-2").documentId("DEL-Y").typeCode("11490-0")
                .time(T.plusSeconds(3600)).replacement("DEL-X").text("Lettre de liaison, version corrigee. Sortie ce jour.").build();
        ingest("hospital-reports", dropOf("drop-del-xy", Map.of("xy.hl7", t02 + t10)));
        assertThat(jdbc.queryForList("SELECT status FROM dmp.document WHERE source_file = 'xy.hl7' ORDER BY id", String.class))
                .containsExactly("DELETED", "DELETED");
        assertThat(eventState(p, "delete-document")).isEqualTo("APPLIED:deleted with 1 later versions sent with it");
        assertThat(count("SELECT count(*) FROM dmp.professional_document WHERE document_uid IN (?, ?)", x,
                fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("DEL-Y"))).isZero();

        // the same text under another id, later: its bytes were dropped with the deleted one's and never given again
        assertThat(report(p, "same-bytes-1.hl7", "SAME-BYTES")).isEqualTo("STORED");
        String gone = fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("SAME-BYTES");
        events("del-same", p.ins() + "," + OID + ",delete-document,2026-11-22T08:00:00+01:00," + gone);
        String again = new fr.dmp.ingest.tools.generate.MdmBuilder().patient(p).controlId("SB-2").documentId("SAME-BYTES-2")
                .typeCode("11490-0").time(T).text("Compte rendu de consultation SAME-BYTES. Patient revu ce jour, examen clinique"
                        + " sans particularite, suite en ville.").build();
        ingest("hospital-reports", dropOf("drop-same-2", Map.of("same-bytes-2.hl7", again)));
        assertThat(outcome("hospital-reports", "same-bytes-2.hl7")).isEqualTo("STORED");
        assertThat(count("SELECT count(*) FROM dmp.content c JOIN dmp.document x ON x.content_sha256 = c.sha256"
                + " WHERE x.source_file = 'same-bytes-2.hl7' AND c.data IS NOT NULL AND c.dropped_at IS NULL")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dmp.content c JOIN dmp.document x ON x.content_sha256 = c.sha256"
                + " WHERE x.source_file = 'same-bytes-1.hl7'")).isEqualTo(1); // the same row: one content per bytes
    }

    /** Round 30, an attacker: a waiting deletion of an id holding ';' or '|' was applied only at the next events run. */
    @Test
    void r5_aWaitingDeletionOfAnIdHoldingASeparatorAppliesWhenItsDocumentIsStored() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 150_035L).get(0);
        assertThat(lab(p, "opens-s.hl7", 1)).isEqualTo("STORED");
        events("del-semi", p.ins() + "," + OID + ",delete-document,2026-11-21T08:00:00+01:00,"
                + fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("SEMI;A"));
        assertThat(report(p, "semi.hl7", "SEMI;A")).isEqualTo("STORED");
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.document WHERE source_file = 'semi.hl7'", String.class))
                .isEqualTo("DELETED");
    }

    /** rules.md R5 with R1: a waiting masking names its patient's document; another patient's document of that id is not it. */
    @Test
    void r5_aWaitingMaskingWaitsForItsPatientsDocumentNotAnotherPatientsOfTheSameId() throws Exception {
        List<SyntheticPatient> two = SyntheticPatients.pool(2, 150_031L);
        SyntheticPatient p = two.get(0);
        SyntheticPatient other = two.get(1);
        assertThat(lab(p, "opens-p.hl7", 1)).isEqualTo("STORED");
        String uid = fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("SHARED-ID");
        events("mask-p", p.ins() + "," + OID + ",mask,2026-11-21T08:00:00+01:00," + uid);
        assertThat(report(other, "other.hl7", "SHARED-ID")).isEqualTo("STORED");
        assertThat(codes("other.hl7")).isEqualTo("N");
        assertThat(eventState(p, "mask")).isEqualTo("PENDING:" + fr.dmp.ingest.link.EventDecision.Waiting.WAITING_FOR_DOCUMENT);
    }

    /** rules.md R5 with R2: a masking sent before the patient's first document waits for the dossier, then for the document. */
    @Test
    void r5_aMaskingSentBeforeTheDossierExistsHoldsForTheDocumentThatOpensIt() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 150_032L).get(0);
        String uid = fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("FIRST-DOC");
        events("mask-first", p.ins() + "," + OID + ",mask,2026-11-21T08:00:00+01:00," + uid);
        assertThat(eventState(p, "mask")).startsWith("PENDING:waiting for the dossier");
        assertThat(report(p, "first.hl7", "FIRST-DOC")).isEqualTo("STORED");
        assertThat(codes("first.hl7")).isEqualTo("N,MASQUE_PS");
        assertThat(eventState(p, "mask")).isEqualTo("APPLIED:masked MASQUE_PS");
    }

    @Test
    void r6_maskingKeepsTheSourcesN() throws Exception { // codes.md: N is HL7 confidentiality, MASQUE_PS DMP visibility
        SyntheticPatient p = SyntheticPatients.pool(1, 150_003L).get(0);
        assertThat(lab(p, "to-mask.hl7", 1)).isEqualTo("STORED");
        String uid = jdbc.queryForObject("SELECT document_uid FROM dmp.document WHERE source_file = 'to-mask.hl7'", String.class);
        assertThat(jdbc.queryForObject("SELECT array_to_string(confidentiality, ',') FROM dmp.document WHERE document_uid = ?",
                String.class, uid)).isEqualTo("N");
        events("mask-n", p.ins() + "," + OID + ",mask,2026-11-23T08:00:00+01:00," + uid);
        assertThat(jdbc.queryForObject("SELECT array_to_string(confidentiality, ',') FROM dmp.document WHERE document_uid = ?",
                String.class, uid)).isEqualTo("N,MASQUE_PS");
    }

    @Test
    void r15_theDefinitiveDeletionOfTheDossierDropsEveryContentAtOnceKeepsTheAuditAndRefusesEveryDocument() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 150_004L).get(0);
        SyntheticPatient other = SyntheticPatients.pool(1, 150_005L).get(0);
        assertThat(lab(p, "first.hl7", 1)).isEqualTo("STORED");
        assertThat(lab(p, "second.hl7", 2)).isEqualTo("STORED");
        assertThat(lab(other, "other.hl7", 3)).isEqualTo("STORED");
        long d = dossier(p);
        assertThat(count("SELECT count(*) FROM dmp.observation o JOIN dmp.document x ON x.id = o.document_id WHERE x.dossier_id = ?", d))
                .isPositive();
        events("delete-dossier", p.ins() + "," + OID + ",delete-dossier,2026-11-23T08:00:00+01:00,");
        assertThat(eventState(p, "delete-dossier")).isEqualTo("APPLIED:dossier deleted with 2 documents");
        assertThat(dossierStatus(d)).isEqualTo("DELETED");
        assertThat(count("SELECT count(*) FROM dmp.document WHERE dossier_id = ? AND status <> 'DELETED'", d)).isZero();
        assertThat(count("SELECT count(*) FROM dmp.document WHERE dossier_id = ? AND (title IS NOT NULL"
                + " OR classification <> '{\"deleted\": true}'::jsonb)", d)).isZero();
        assertThat(count("SELECT count(*) FROM dmp.content c JOIN dmp.document x ON x.content_sha256 = c.sha256"
                + " WHERE x.dossier_id = ? AND (c.data IS NOT NULL OR c.dropped_at IS NULL)", d)).isZero();
        assertThat(count("SELECT count(*) FROM dmp.document_text t JOIN dmp.document x ON x.id = t.document_id WHERE x.dossier_id = ?", d)).isZero();
        assertThat(count("SELECT count(*) FROM dmp.observation o JOIN dmp.document x ON x.id = o.document_id WHERE x.dossier_id = ?", d)).isZero();
        // the audit keeps what was done, and that the dossier was deleted
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE dossier_id = ? AND action = 'STORED'", d)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.audit_event WHERE dossier_id = ? AND action = 'DOSSIER_DELETED'",
                String.class, d)).isEqualTo("2 documents deleted");
        // another patient's dossier is untouched
        assertThat(count("SELECT count(*) FROM dmp.content c JOIN dmp.document x ON x.content_sha256 = c.sha256"
                + " WHERE x.source_file = 'other.hl7' AND c.data IS NOT NULL")).isEqualTo(1);
        // it refuses every document and is never reopened
        assertThat(lab(p, "after-deletion.hl7", 4)).isEqualTo("QUARANTINED:DOSSIER_CLOSED");
        events("reopen-deleted", p.ins() + "," + OID + ",reopen,2026-11-24T08:00:00+01:00,");
        assertThat(eventState(p, "reopen")).isEqualTo("REFUSED:the dossier was deleted at the patient's request (R15)");
        assertThat(dossierStatus(d)).isEqualTo("DELETED");
        // round 27 (a tester): nor does it take an opposition, which a merge then carried (merges: MergeRuleTest)
        events("oppose-deleted", p.ins() + "," + OID + ",oppose,2026-11-24T09:00:00+01:00,*");
        assertThat(eventState(p, "oppose")).isEqualTo("REFUSED:the dossier was deleted at the patient's request (R15)");
    }

    @Test
    void r4_aDeathRecordedInErrorIsAnnulledByAnExplicitAuditedEventNeverByAReopening() throws Exception {
        SyntheticPatient p = SyntheticPatients.pool(1, 150_006L).get(0);
        assertThat(lab(p, "before-death.hl7", 1)).isEqualTo("STORED");
        long d = dossier(p);
        events("death-in-error", p.ins() + "," + OID + ",death,2026-11-21T09:00:00+01:00,",
                p.ins() + "," + OID + ",reopen,2026-11-21T10:00:00+01:00,");
        assertThat(dossierStatus(d)).isEqualTo("DECEASED");
        assertThat(eventState(p, "reopen")).startsWith("REFUSED:the dossier of a deceased patient is not reopened");
        events("annul-death", p.ins() + "," + OID + ",annul-death,2026-11-22T09:00:00+01:00,");
        assertThat(eventState(p, "annul-death")).isEqualTo("APPLIED:death_annulled");
        assertThat(jdbc.queryForObject("SELECT status || ':' || (deceased_at IS NULL) FROM dmp.dossier WHERE id = ?", String.class, d))
                .isEqualTo("OPEN:true");
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE dossier_id = ? AND action = 'DEATH_ANNULLED'", d)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE dossier_id = ? AND action = 'DEATH'", d)).isEqualTo(1); // kept
        assertThat(lab(p, "after-annulment.hl7", 2)).isEqualTo("STORED");
        // the annulled death arriving again, late (an ADT copy with its own key), does not come back
        ingest("patient-events", dropOf("drop-late-death", Map.of("a03-late.hl7", new AdtBuilder().event("A03", "ADT_A03")
                .controlId("A03-LATE").patient(p).time(Instant.parse("2026-11-22T10:00:00Z"))
                .death(Instant.parse("2026-11-21T07:30:00Z")).build())));
        assertThat(eventState(p, "death")).startsWith("SUPERSEDED");
        assertThat(dossierStatus(d)).isEqualTo("OPEN");
    }

    @Autowired
    fr.dmp.ingest.store.EmbeddedPostgresServer server;

    @Autowired
    DataSource jobDataSource; // the job's role, dmp_ingest: the purge needs no more than it

    private DossierEventStore.Purge purge(String today, boolean dryRun) throws Exception {
        LocalDate day = LocalDate.parse(today);
        return PurgeCommand.run(jobDataSource, day, dryRun, Clock.fixed(day.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
    }

    @Test
    void r3_r14_aClosedDossierIsKeptTenYearsThenPurgedAndTheAuditKeepsThatAPurgeHappened() throws Exception {
        SyntheticPatient closed = SyntheticPatients.pool(1, 150_007L).get(0);
        SyntheticPatient open = SyntheticPatients.pool(1, 150_008L).get(0);
        SyntheticPatient deceased = SyntheticPatients.pool(1, 150_009L).get(0);
        assertThat(lab(closed, "closed-1.hl7", 1)).isEqualTo("STORED");
        assertThat(lab(closed, "closed-2.hl7", 2)).isEqualTo("STORED");
        assertThat(lab(open, "open.hl7", 3)).isEqualTo("STORED");
        assertThat(lab(deceased, "deceased.hl7", 4)).isEqualTo("STORED");
        events("close-for-purge", closed.ins() + "," + OID + ",close,2026-11-20T09:00:00+01:00,",
                deceased.ins() + "," + OID + ",death,2026-11-25T09:00:00+01:00,"); // an event in the past: round 12
        long d = dossier(closed);
        assertThat(jdbc.queryForObject("SELECT retention_until FROM dmp.dossier WHERE id = ?", LocalDate.class, d))
                .isEqualTo(LocalDate.of(2036, 11, 20));
        // on its last day of retention: kept
        assertThat(purge("2036-11-20", false)).isEqualTo(new DossierEventStore.Purge(false, 0, 0));
        // the day after: a dry run counts and changes nothing
        assertThat(purge("2036-11-21", true)).isEqualTo(new DossierEventStore.Purge(true, 1, 2));
        assertThat(count("SELECT count(*) FROM dmp.document WHERE dossier_id = ? AND status = 'DELETED'", d)).isZero();
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'PURGED'")).isZero();
        // the purge: contents, texts and results of the closed dossier go; the open and the deceased (later) stay
        assertThat(purge("2036-11-21", false)).isEqualTo(new DossierEventStore.Purge(false, 1, 2));
        assertThat(count("SELECT count(*) FROM dmp.document WHERE dossier_id = ? AND status <> 'DELETED'", d)).isZero();
        assertThat(count("SELECT count(*) FROM dmp.content c JOIN dmp.document x ON x.content_sha256 = c.sha256"
                + " WHERE x.dossier_id = ? AND c.data IS NOT NULL", d)).isZero();
        assertThat(count("SELECT count(*) FROM dmp.document_text t JOIN dmp.document x ON x.id = t.document_id WHERE x.dossier_id = ?", d)).isZero();
        assertThat(count("SELECT count(*) FROM dmp.observation o JOIN dmp.document x ON x.id = o.document_id WHERE x.dossier_id = ?", d)).isZero();
        assertThat(count("SELECT count(*) FROM dmp.content c JOIN dmp.document x ON x.content_sha256 = c.sha256"
                + " WHERE x.source_file IN ('open.hl7', 'deceased.hl7') AND c.data IS NOT NULL")).isEqualTo(2);
        // R7: the audit keeps that a purge happened, and the history before it
        assertThat(jdbc.queryForList("SELECT detail FROM dmp.audit_event WHERE action = 'PURGED' AND dossier_id = ?", String.class, d))
                .containsExactly("2 documents deleted: retention until 2036-11-20 over");
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE dossier_id = ? AND action IN ('STORED', 'CLOSED')", d)).isEqualTo(3);
        // a second run finds nothing more; the deceased patient's dossier goes after its own ten years, counted from
        // when the death was learned (today: the notice came after the death's date, round 25), not from the death
        assertThat(purge("2036-11-21", false)).isEqualTo(new DossierEventStore.Purge(false, 0, 0));
        assertThat(purge("2036-11-26", false)).isEqualTo(new DossierEventStore.Purge(false, 0, 0));
        LocalDate learned = LocalDate.now(java.time.ZoneOffset.UTC);
        assertThat(purge(learned.plusYears(10).toString(), false)).isEqualTo(new DossierEventStore.Purge(false, 0, 0));
        assertThat(purge(learned.plusYears(10).plusDays(1).toString(), false)).isEqualTo(new DossierEventStore.Purge(false, 1, 1));
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'PURGED'")).isEqualTo(2);
    }
    /**
     * Round 36, a tester of the patient's rights: a masking with code V naming another patient's document printed that
     * document's type, date and file name in this patient's history (rules.md R5: only a document of the event's own
     * dossier counts; R7); a break-glass opposition changed a dossier deleted at the patient's request (R15, R10); a
     * masking's free text after ';' reached the events table (formats.md).
     */
    @Test
    void r5_r7_r15_anotherPatientsDocumentIsNeverNamedInAHistoryAndADeletedDossierTakesNoBreakGlassChoice() throws Exception {
        List<SyntheticPatient> two = SyntheticPatients.pool(2, 150_036L);
        SyntheticPatient g = two.get(0);
        SyntheticPatient j = two.get(1);
        assertThat(lab(g, "opens-g.hl7", 1)).isEqualTo("STORED");
        assertThat(report(j, "j-letter-of-another.hl7", "J-DOC-3")).isEqualTo("STORED");
        String jDoc = fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("J-DOC-3");
        events("cross-mask", g.ins() + "," + OID + ",mask,2026-11-21T08:00:00+01:00," + jDoc + ";V");
        assertThat(eventState(g, "mask")).startsWith("REFUSED:");
        fr.dmp.ingest.report.AuditTrail trail = new fr.dmp.ingest.report.AuditTrail(new org.springframework.jdbc.core.JdbcTemplate(
                new org.springframework.jdbc.datasource.DriverManagerDataSource(server.jdbcUrl(), "dmp_audit", server.password("dmp_audit"))));
        List<String> gView = trail.history(dossier(g), false).stream().map(fr.dmp.ingest.report.AuditTrail::line).toList();
        assertThat(gView).anyMatch(l -> l.contains(jDoc)).noneMatch(l -> l.contains("j-letter-of-another.hl7"));
        // j's own history still names it
        assertThat(trail.history(dossier(j), false).stream().map(fr.dmp.ingest.report.AuditTrail::line))
                .anyMatch(l -> l.contains("j-letter-of-another.hl7"));

        // free text after ';' is refused when the file is read: it never reaches the events table
        events("free-text", g.ins() + "," + OID + ",mask,2026-11-21T09:00:00+01:00," + jDoc + ";FICTIF Jean ne le 01-02-1960");
        assertThat(outcome("patient-events", "free-text.csv")).isEqualTo("QUARANTINED:METADATA_INVALID");
        assertThat(count("SELECT count(*) FROM dmp.dossier_event WHERE detail ILIKE '%FICTIF%'")).isZero();

        events("delete-g", g.ins() + "," + OID + ",delete-dossier,2026-11-22T08:00:00+01:00,");
        assertThat(eventState(g, "delete-dossier")).startsWith("APPLIED:");
        breakGlass(g, "bg-after-deletion.hl7", "Y", Instant.parse("2026-11-23T07:00:00Z"));
        assertThat(jdbc.queryForObject("SELECT emergency_access_opposed FROM dmp.dossier WHERE id = ?", Boolean.class, dossier(g)))
                .isFalse();
        assertThat(jdbc.queryForObject("SELECT state || ':' || outcome FROM dmp.dossier_event WHERE ins = ?"
                + " AND kind = 'emergency-opposition' ORDER BY id DESC LIMIT 1", String.class, g.ins()))
                .isEqualTo("REFUSED:the dossier was deleted at the patient's request (R15)");
        // an identity update adding a first name: "refused by the store (SQLState 42501)" before
        List<String> names = new java.util.ArrayList<>(g.firstNames());
        names.add("Antoine");
        SyntheticPatient renamed = new SyntheticPatient(g.ins(), g.birthName(), names, g.sex(), g.birthDate(), g.birthPlace());
        ingest("patient-events", dropOf("drop-a31-deleted", Map.of("a31-deleted.hl7", new AdtBuilder().event("A31", "ADT_A05")
                .controlId("A31-DEL").patient(renamed).time(Instant.parse("2026-11-24T09:00:00Z")).build())));
        assertThat(jdbc.queryForObject("SELECT state || ':' || outcome FROM dmp.dossier_event WHERE ins = ?"
                + " AND kind = 'identity' ORDER BY id DESC LIMIT 1", String.class, g.ins()))
                .isEqualTo("REFUSED:the dossier was deleted at the patient's request (R15)");
    }
    /**
     * Round 36, a tester over eighteen nights: a masking and a deletion sent under the surviving INS, dated before a merge
     * read the same night, waited "for their document" although the merge brought it into their dossier; the documents
     * stayed readable until the next run (rules.md R5 with R1).
     */
    @Test
    void r1_r5_aMaskingSentUnderTheSurvivingInsBeforeAMergeOfTheSameNightAppliesAtTheMerge() throws Exception {
        List<SyntheticPatient> two = SyntheticPatients.pool(2, 150_038L);
        SyntheticPatient surviving = two.get(0);
        SyntheticPatient merged = new SyntheticPatient(two.get(1).ins(), surviving.birthName(), surviving.firstNames(),
                surviving.sex(), surviving.birthDate(), surviving.birthPlace());
        assertThat(lab(surviving, "surv-m.hl7", 1)).isEqualTo("STORED");
        assertThat(report(merged, "to-mask.hl7", "TO-MASK")).isEqualTo("STORED");
        assertThat(report(merged, "to-delete.hl7", "TO-DELETE")).isEqualTo("STORED");
        String toMask = fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("TO-MASK");
        String toDelete = fr.dmp.ingest.tools.generate.MdmBuilder.uniqueId("TO-DELETE");
        ingest("patient-events", dropOf("drop-night-merge", Map.of(
                "night.csv", "ins,oid,event,at,detail\n" + surviving.ins() + "," + OID + ",mask,2026-11-22T08:00:00+01:00," + toMask + "\n"
                        + surviving.ins() + "," + OID + ",delete-document,2026-11-22T08:00:00+01:00," + toDelete + "\n",
                "a40.hl7", new AdtBuilder().event("A40", "ADT_A39").controlId("A40-36").patient(surviving)
                        .time(Instant.parse("2026-11-22T09:00:00Z")).merged(merged.ins()).build())));
        assertThat(eventState(surviving, "merge")).startsWith("APPLIED:merged 2 documents");
        assertThat(eventState(surviving, "mask")).startsWith("APPLIED:");
        assertThat(eventState(surviving, "delete-document")).startsWith("APPLIED:");
        assertThat(codes("to-mask.hl7")).isEqualTo("N,MASQUE_PS");
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.document WHERE source_file = 'to-delete.hl7'", String.class))
                .isEqualTo("DELETED");
    }
}
