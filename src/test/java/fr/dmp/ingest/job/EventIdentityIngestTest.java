package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.tools.generate.AdtBuilder;
import fr.dmp.ingest.tools.generate.OruBuilder;
import fr.dmp.ingest.tools.generate.SyntheticPatient;
import fr.dmp.ingest.tools.generate.SyntheticPatients;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, end to end against real PostgreSQL: patient events are held to the identity rules documents are
 * (ins.md). An ADT whose identity status the feed does not accept is quarantined IDENTITY_NOT_QUALIFIED and
 * records no event; one whose PID traits disagree with the dossier's is refused IDENTITY_MISMATCH when it
 * applies, whatever its kind, and changes nothing; the same patient written by another system still applies.
 * The ADT identity update keeps a two-word first name as one first name, and the patient's next document is
 * stored.
 */
class EventIdentityIngestTest extends PipelineTestSupport {

    static final String EVENTS = "patient-events";
    static final Instant T = Instant.parse("2026-11-21T08:00:00Z");

    private Path dropOf(String name, Map<String, String> files) throws Exception {
        Path drop = Files.createDirectories(work.resolve(name));
        for (var f : files.entrySet()) {
            Files.writeString(drop.resolve(f.getKey()), f.getValue());
            Files.setLastModifiedTime(drop.resolve(f.getKey()), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        }
        return drop;
    }

    /** Opens the patients' dossiers with one lab result each (lab-results creates dossiers, R2). */
    private void openDossiers(List<SyntheticPatient> patients) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < patients.size(); i++) {
            files.put("first-" + i + ".hl7", new OruBuilder().patient(patients.get(i)).controlId("FIRST-" + i)
                    .orderNumber("FIRST-" + i).observations(1).seed(i).time(T.minus(Duration.ofDays(1))).build());
        }
        ingest("lab-results", dropOf("drop-first", files));
        assertThat(count("SELECT count(*) FROM dmp.dossier")).isEqualTo(patients.size());
    }

    private String eventState(SyntheticPatient p, String kind) {
        return jdbc.queryForObject("SELECT state || ':' || outcome FROM dmp.dossier_event WHERE ins = ? AND kind = ?",
                String.class, p.ins(), kind);
    }

    /** The same patient with another birth date: another person under the same INS. */
    private static SyntheticPatient bornADayLater(SyntheticPatient p) {
        return new SyntheticPatient(p.ins(), p.birthName(), p.firstNames(), p.sex(), p.birthDate().plusDays(1), p.birthPlace());
    }

    @Test
    void everyEventKindWhoseTraitsDisagreeIsRefusedIdentityMismatchAndChangesNothing() throws Exception {
        List<SyntheticPatient> p = SyntheticPatients.pool(7, 141_414L);
        openDossiers(p);
        String mergedAway = p.get(6).ins();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("a03-death.hl7", new AdtBuilder().event("A03", "ADT_A03").controlId("E1").patient(bornADayLater(p.get(0)))
                .death(T).time(T).build());
        files.put("a31-close.hl7", new AdtBuilder().event("A31", "ADT_A05").controlId("E2").patient(bornADayLater(p.get(1)))
                .status("VALI").zfa("FERME", T, T, "", null, "", null).time(T).build());
        files.put("a31-oppose.hl7", new AdtBuilder().event("A31", "ADT_A05").controlId("E3").patient(bornADayLater(p.get(2)))
                .status("VALI").zfa("", null, null, "N", T, "Y", T).time(T).build());
        files.put("a40-merge.hl7", new AdtBuilder().event("A40", "ADT_A39").controlId("E4").patient(bornADayLater(p.get(3)))
                .merged(mergedAway).time(T).build());
        files.put("a31-update.hl7", new AdtBuilder().event("A31", "ADT_A05").controlId("E5").patient(bornADayLater(p.get(4)))
                .time(T).build());
        files.put("a01-admission.hl7", new AdtBuilder().event("A01", "ADT_A01").controlId("E6").patient(bornADayLater(p.get(5)))
                .status("VALI").time(T).build());
        // the patient-events feed accepts QUAL only (jobs/patient-events.yml): VALI is refused before any dossier is looked at
        ingest(EVENTS, dropOf("drop-mismatch", files));

        assertThat(outcome(EVENTS, "a03-death.hl7")).isEqualTo("STORED");
        assertThat(outcome(EVENTS, "a31-close.hl7")).isEqualTo("QUARANTINED:IDENTITY_NOT_QUALIFIED");
        assertThat(outcome(EVENTS, "a31-oppose.hl7")).isEqualTo("QUARANTINED:IDENTITY_NOT_QUALIFIED");
        assertThat(outcome(EVENTS, "a01-admission.hl7")).isEqualTo("QUARANTINED:IDENTITY_NOT_QUALIFIED");
        assertThat(count("SELECT count(*) FROM dmp.dossier_event WHERE ins IN (?, ?, ?)", p.get(1).ins(), p.get(2).ins(),
                p.get(5).ins())).isZero();
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry WHERE detail LIKE 'identity status%' LIMIT 1",
                String.class)).isEqualTo("identity status VALI not accepted by the feed");

        String mismatch = "REFUSED:IDENTITY_MISMATCH: traits disagree with dossier %d: birth date";
        assertThat(eventState(p.get(0), "death")).isEqualTo(mismatch.formatted(dossierId(p.get(0))));
        assertThat(eventState(p.get(3), "merge")).isEqualTo(mismatch.formatted(dossierId(p.get(3))));
        assertThat(eventState(p.get(4), "identity")).isEqualTo(mismatch.formatted(dossierId(p.get(4))));
        // nothing changed: every dossier open, none merged, no opposition, the traits as the first document gave them
        assertThat(count("SELECT count(*) FROM dmp.dossier WHERE status <> 'OPEN' OR merged_into IS NOT NULL")).isZero();
        assertThat(count("SELECT count(*) FROM dmp.dossier_opposition")).isZero();
        assertThat(jdbc.queryForObject("SELECT birth_date FROM dmp.dossier WHERE ins = ?", LocalDate.class, p.get(4).ins()))
                .isEqualTo(p.get(4).birthDate());

        // the same kinds with QUAL and traits that disagree: each refused when it applies, nothing changes
        Map<String, String> qual = new LinkedHashMap<>();
        qual.put("a31-close-qual.hl7", new AdtBuilder().event("A31", "ADT_A05").controlId("Q2").patient(bornADayLater(p.get(1)))
                .zfa("FERME", T, T, "", null, "", null).time(T).build());
        qual.put("a31-oppose-qual.hl7", new AdtBuilder().event("A31", "ADT_A05").controlId("Q3").patient(bornADayLater(p.get(2)))
                .zfa("", null, null, "N", T, "Y", T).time(T).build());
        qual.put("a01-admission-qual.hl7", new AdtBuilder().event("A01", "ADT_A01").controlId("Q6").patient(bornADayLater(p.get(5)))
                .time(T).build());
        ingest(EVENTS, dropOf("drop-mismatch-qual", qual));
        assertThat(eventState(p.get(1), "close")).isEqualTo(mismatch.formatted(dossierId(p.get(1))));
        assertThat(eventState(p.get(2), "oppose")).isEqualTo(mismatch.formatted(dossierId(p.get(2))));
        assertThat(eventState(p.get(2), "emergency-opposition")).isEqualTo(mismatch.formatted(dossierId(p.get(2))));
        assertThat(eventState(p.get(5), "identity")).isEqualTo(mismatch.formatted(dossierId(p.get(5))));
        assertThat(count("SELECT count(*) FROM dmp.dossier WHERE status <> 'OPEN' OR emergency_access_opposed")).isZero();
        assertThat(count("SELECT count(*) FROM dmp.dossier_opposition")).isZero();
        // the refusal names the trait, never a value (no health data)
        assertThat(jdbc.queryForList("SELECT outcome FROM dmp.dossier_event WHERE state = 'REFUSED'", String.class))
                .allSatisfy(o -> assertThat(o).doesNotContain(p.get(0).birthName()).doesNotContain("19"));
        // round 16: each refusal is in its dossier's history too (audit --ins), with its code and the event's kind
        assertThat(jdbc.queryForList("SELECT reason || ' ' || detail FROM dmp.audit_event WHERE action = 'REJECTED'"
                + " AND detail LIKE '% event % refused: %' AND dossier_id = ?", String.class, dossierId(p.get(4))))
                .singleElement().asString().matches("IDENTITY_MISMATCH identity event [0-9]+ refused: traits disagree with dossier "
                        + dossierId(p.get(4)) + ": birth date");
        long refused = count("SELECT count(*) FROM dmp.dossier_event WHERE state = 'REFUSED' AND outcome LIKE 'IDENTITY_MISMATCH:%'");
        assertThat(refused).isGreaterThanOrEqualTo(6);
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'REJECTED' AND detail LIKE '% event % refused: %'"
                + " AND reason = 'IDENTITY_MISMATCH'")).isEqualTo(refused);
    }

    @Test
    void theSamePatientWrittenByAnotherSystemStillApplies() throws Exception {
        List<SyntheticPatient> p = SyntheticPatients.pool(3, 252_525L);
        // p1 had a second dossier under another INS (a duplicate identity): the same traits, written by another system
        SyntheticPatient duplicate = new SyntheticPatient(p.get(2).ins(), p.get(1).birthName().toLowerCase(),
                p.get(1).firstNames().stream().map(n -> n.replace(' ', '-').toLowerCase()).toList(), p.get(1).sex(),
                p.get(1).birthDate(), p.get(1).birthPlace());
        openDossiers(List.of(p.get(0), p.get(1), duplicate));
        // another spelling of the same traits: lower case, a hyphen for a space, the birth place case-folded
        SyntheticPatient elsewhere = new SyntheticPatient(p.get(0).ins(), p.get(0).birthName().toLowerCase(),
                p.get(0).firstNames().stream().map(n -> n.replace(' ', '-').toLowerCase()).toList(), p.get(0).sex(),
                p.get(0).birthDate(), p.get(0).birthPlace().toLowerCase());
        ingest(EVENTS, dropOf("drop-agree", Map.of(
                "a03-death.hl7", new AdtBuilder().event("A03", "ADT_A03").controlId("OK1").patient(elsewhere).death(T).time(T).build(),
                "a40-merge.hl7", new AdtBuilder().event("A40", "ADT_A39").controlId("OK2").patient(p.get(1))
                        .merged(duplicate.ins()).time(T.plusSeconds(60)).build(),
                // round 28 (R1): another person's dossier is never merged, whatever the PID says
                "a40-other.hl7", new AdtBuilder().event("A40", "ADT_A39").controlId("OK3").patient(p.get(1))
                        .merged(p.get(0).ins()).time(T.plusSeconds(120)).build())));
        assertThat(eventState(p.get(0), "death")).startsWith("APPLIED");
        assertThat(jdbc.queryForList("SELECT state || ':' || outcome FROM dmp.dossier_event WHERE ins = ? AND kind = 'merge'"
                + " ORDER BY at", String.class, p.get(1).ins()))
                .satisfiesExactly(first -> assertThat(first).startsWith("APPLIED"),
                        second -> assertThat(second).startsWith("REFUSED:IDENTITY_MISMATCH").contains("hold different identities"));
        assertThat(jdbc.queryForObject("SELECT status FROM dmp.dossier WHERE ins = ?", String.class, p.get(0).ins()))
                .isEqualTo("DECEASED");
    }

    /**
     * Round 16: a dossier opened with a misspelt birth name could never be corrected (a feed's qualified update that
     * disagrees is refused, and reasons.md pointed to it as the fix). Identity vigilance applies the refused update
     * with {@code dossier correct-identity}; the patient's documents refused meanwhile are then stored.
     */
    @Test
    void identityVigilanceCorrectsADossierFromARefusedQualifiedUpdateAndTheRefusedDocumentIsThenStored() throws Exception {
        SyntheticPatient misspelt = new SyntheticPatient(MARIE_CLAIRE.ins(), "FICTIF-PRENON", MARIE_CLAIRE.firstNames(),
                Sex.F, MARIE_CLAIRE.birthDate(), MARIE_CLAIRE.birthPlace());
        openDossiers(List.of(misspelt));
        Map<String, String> later = Map.of("right-name.hl7", new OruBuilder().patient(MARIE_CLAIRE).controlId("LATER-1")
                .orderNumber("LATER-1").observations(1).seed(3).time(T).build());
        ingest("lab-results", dropOf("drop-later", later));
        assertThat(outcome("lab-results", "right-name.hl7")).isEqualTo("QUARANTINED:IDENTITY_MISMATCH");
        ingest(EVENTS, dropOf("drop-correction", Map.of("a31.hl7", new AdtBuilder().event("A31", "ADT_A05").controlId("C1")
                .patient(MARIE_CLAIRE).time(T).build())));
        assertThat(eventState(MARIE_CLAIRE, "identity")).startsWith("REFUSED:IDENTITY_MISMATCH").endsWith("birth name");
        long event = jdbc.queryForObject("SELECT id FROM dmp.dossier_event WHERE ins = ? AND kind = 'identity'", Long.class,
                MARIE_CLAIRE.ins());
        assertThat(jdbc.queryForList("SELECT detail FROM dmp.audit_event WHERE action = 'REJECTED' AND dossier_id = ?",
                String.class, dossierId(MARIE_CLAIRE))).anySatisfy(d -> assertThat(d).startsWith("identity event " + event + " refused"));

        fr.dmp.ingest.store.IdentityCorrection correction = new fr.dmp.ingest.store.IdentityCorrection(jdbc);
        // round 17's second tester: a free comment kept a name, a birth date and a diagnosis in the permanent trail
        for (String notATicket : new String[] {"checked against the identity card", "DURAND", "01-01-1990", "IV-279035121518989", ""}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> correction.correct(event, "vigilance-test", notATicket))
                    .as(notATicket).isInstanceOf(fr.dmp.ingest.store.IdentityCorrection.Refused.class).hasMessageContaining("--ticket");
        }
        long dossier = correction.correct(event, "vigilance-test", "IV-2026-0042");

        assertThat(dossier).isEqualTo(dossierId(MARIE_CLAIRE));
        assertThat(jdbc.queryForObject("SELECT birth_name FROM dmp.dossier WHERE id = ?", String.class, dossier))
                .isEqualTo(MARIE_CLAIRE.birthName());
        assertThat(eventState(MARIE_CLAIRE, "identity")).isEqualTo("APPLIED:identity corrected by an operator");
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.audit_event WHERE action = 'IDENTITY_UPDATED' AND dossier_id = ?",
                String.class, dossier)).contains("vigilance-test", "event " + event, "ticket IV-2026-0042")
                .doesNotContain(MARIE_CLAIRE.birthName());
        // once only, and only a refused qualified identity update
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> correction.correct(event, "vigilance-test", "IV-2026-0043"))
                .isInstanceOf(fr.dmp.ingest.store.IdentityCorrection.Refused.class).hasMessageContaining("was not refused");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> correction.correct(event + 1000, "vigilance-test", "IV-2026-0044"))
                .isInstanceOf(fr.dmp.ingest.store.IdentityCorrection.Refused.class);

        // the document refused meanwhile, dropped again, is stored in the corrected dossier
        ingest("lab-results", dropOf("drop-again", later));
        assertThat(outcome("lab-results", "right-name.hl7")).isEqualTo("STORED");
    }

    /** ins.md's Corsica vector (2A), test OID: a made-up patient, never real data. */
    static final SyntheticPatient MARIE_CLAIRE = new SyntheticPatient("269052A12345688", "FICTIF-PRENOMS",
            List.of("Marie Claire", "Anne"), Sex.F, LocalDate.of(1969, 5, 12), "2A004");

    @Test
    void anIdentityUpdateKeepsATwoWordFirstNameAndTheNextDocumentIsStored() throws Exception {
        // the dossier is opened by a document that gives only the usual first name
        SyntheticPatient usualOnly = new SyntheticPatient(MARIE_CLAIRE.ins(), MARIE_CLAIRE.birthName(), List.of("Marie Claire"),
                Sex.F, MARIE_CLAIRE.birthDate(), MARIE_CLAIRE.birthPlace());
        openDossiers(List.of(usualOnly));
        ingest(EVENTS, dropOf("drop-update", Map.of("a31.hl7", new AdtBuilder().event("A31", "ADT_A05").controlId("U1")
                .patient(MARIE_CLAIRE).time(T).build())));
        assertThat(eventState(MARIE_CLAIRE, "identity")).isEqualTo("APPLIED:identity updated");
        String[] stored = jdbc.queryForObject("SELECT first_names FROM dmp.dossier WHERE ins = ?",
                (rs, i) -> (String[]) rs.getArray(1).getArray(), MARIE_CLAIRE.ins());
        assertThat(Arrays.asList(stored)).containsExactly("Marie Claire", "Anne"); // the list, never four words
        assertThat(jdbc.queryForObject("SELECT identity_status FROM dmp.dossier WHERE ins = ?", String.class, MARIE_CLAIRE.ins()))
                .isEqualTo("QUAL");

        ingest("lab-results", dropOf("drop-next", Map.of("next.hl7", new OruBuilder().patient(MARIE_CLAIRE).controlId("NEXT-1")
                .orderNumber("NEXT-1").observations(1).seed(9).time(T.plusSeconds(3600)).build())));
        assertThat(outcome("lab-results", "next.hl7")).isEqualTo("STORED");
    }

    @Test
    void aDeathDatedBeforeTheBirthIsRefusedWhetherTheMessageOrTheDossierGivesTheBirthDate() throws Exception {
        // rules.md R4: a death closes a dossier for good, so a death date typed a century early must not (round 13)
        List<SyntheticPatient> p = SyntheticPatients.pool(2, 363_636L);
        openDossiers(p);
        Instant beforeBirth = p.get(0).birthDate().minusYears(80).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        ingest(EVENTS, dropOf("drop-death-early", Map.of(
                "a03-death-early.hl7", new AdtBuilder().event("A03", "ADT_A03").controlId("D1").patient(p.get(0))
                        .death(beforeBirth).time(T).build(),
                "death-early.csv", "ins,oid,event,at,detail\n" + p.get(1).ins() + "," + SyntheticPatient.TEST_OID + ",death,"
                        + p.get(1).birthDate().minusYears(80) + ",\n")));
        assertThat(outcome(EVENTS, "a03-death-early.hl7")).isEqualTo("QUARANTINED:DATE_INVALID");
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry WHERE detail LIKE 'death%'", String.class))
                .isEqualTo("death before the birth date");
        // the CSV carries no birth date: the dossier's decides, and the event is kept refused for the operator to see
        assertThat(eventState(p.get(1), "death")).isEqualTo("REFUSED:the death is dated before the patient's birth date");
        assertThat(count("SELECT count(*) FROM dmp.dossier WHERE status <> 'OPEN'")).isZero();
    }

    private long dossierId(SyntheticPatient p) {
        return count("SELECT id FROM dmp.dossier WHERE ins = ?", p.ins());
    }
}
