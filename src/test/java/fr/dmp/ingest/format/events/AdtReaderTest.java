package fr.dmp.ingest.format.events;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.InsMode;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.tools.generate.AdtBuilder;
import fr.dmp.ingest.tools.generate.OruBuilder;
import fr.dmp.ingest.tools.generate.SyntheticPatient;
import fr.dmp.ingest.tools.generate.SyntheticPatients;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AdtReaderTest {

    static final List<SyntheticPatient> P = SyntheticPatients.pool(3, 4);
    final AdtReader reader = new AdtReader();

    List<EventItem> read(String message) {
        return reader.read(message.getBytes(StandardCharsets.UTF_8), InsMode.TEST, ZoneId.of("Europe/Paris"),
                StandardCharsets.ISO_8859_1, "750000001");
    }

    static DossierEvent event(EventItem item) {
        assertThat(item).isInstanceOf(EventItem.Valid.class);
        return ((EventItem.Valid) item).event();
    }

    @Test
    void a03WithTheDeathIndicatorIsADeathAtPid29() {
        List<EventItem> items = read(new AdtBuilder().event("A03", "ADT_A03").patient(P.get(0))
                .death(Instant.parse("2026-11-14T16:20:00Z")).build());
        assertThat(items).hasSize(1);
        DossierEvent e = event(items.get(0));
        assertThat(e.kind()).isEqualTo(DossierEvent.Kind.DEATH);
        assertThat(e.at()).isEqualTo(Instant.parse("2026-11-14T16:20:00Z"));
        assertThat(e.ins().matricule()).isEqualTo(P.get(0).ins());
    }

    /**
     * Round 37, a tester: an un-merge (A37) was archived as stored and nothing done, the documents left merged; an identifier
     * change or an older merge form is no identity check either: refused so that identity vigilance knows. An A35 (an
     * account's merge) stays an identity check.
     */
    @Test
    void anUnmergeOrAnIdentifierChangeIsRefusedNotReadAsAnIdentityCheck() {
        for (String event : List.of("A37", "A24", "A47", "A34", "A39")) {
            assertThat(read(new AdtBuilder().event(event, "ADT_A37").patient(P.get(0)).build())).singleElement()
                    .isInstanceOfSatisfying(EventItem.Invalid.class, i -> {
                        assertThat(i.rejection().reason()).as(event).isEqualTo(fr.dmp.ingest.domain.ReasonCode.FORMAT_UNSUPPORTED);
                        assertThat(i.rejection().detail()).startsWith("ADT^" + event + " (").contains("does not apply it");
                    });
        }
        assertThat(read(new AdtBuilder().event("A35", "ADT_A30").patient(P.get(0)).build()))
                .allSatisfy(i -> assertThat(i).isInstanceOf(EventItem.Valid.class));
    }

    /** Round 34, a tester (cosyte's vendor quirks): an unknown MSH-18 was read as UTF-8 and changed the dossier's names. */
    @Test
    void anAdtInAnUnknownCharacterSetIsRefusedAsADocumentIs() {
        String a31 = new AdtBuilder().event("A31", "ADT_A05").patient(P.get(0)).build();
        String msh = a31.substring(0, a31.indexOf('\r'));
        String[] f = java.util.Arrays.copyOf(msh.split("\\|", -1), Math.max(18, msh.split("\\|", -1).length));
        java.util.Arrays.setAll(f, i -> f[i] == null ? "" : f[i]);
        f[17] = "ISO IR 999";
        String declared = a31.replace(msh, String.join("|", f));
        assertThat(read(declared)).singleElement().isInstanceOfSatisfying(EventItem.Invalid.class, i -> {
            assertThat(i.rejection().reason()).isEqualTo(fr.dmp.ingest.domain.ReasonCode.ENCODING_INVALID);
            assertThat(i.rejection().detail()).endsWith("unknown or unsupported character set in MSH-18: ISO IR 999");
        });
        f[17] = "UNICODE UTF-8";
        assertThat(read(a31.replace(msh, String.join("|", f)))).allSatisfy(i -> assertThat(i).isInstanceOf(EventItem.Valid.class));
    }

    /** Round 26 (Efferent-Health's and Mirth's fixtures): a time written but unreadable is a date problem, not a missing one. */
    @Test
    void anUnreadableEventTimeIsADateProblemAndAnAbsentOneMissing() {
        String full = new AdtBuilder().event("A31", "ADT_A05").patient(P.get(0)).build();
        String[] segments = full.split("\r");
        String msh7 = segments[0].split("\\|", -1)[6];
        String evn = java.util.Arrays.stream(segments).filter(x -> x.startsWith("EVN|")).findFirst().orElseThrow();
        String noEvnTime = full.replace(evn, "EVN|A31");
        for (String bad : new String[] {"20111332083617", "11111"}) {
            assertThat(read(noEvnTime.replace("|" + msh7 + "|", "|" + bad + "|"))).singleElement()
                    .isInstanceOfSatisfying(EventItem.Invalid.class, i -> {
                        assertThat(i.rejection().reason()).as(bad).isEqualTo(fr.dmp.ingest.domain.ReasonCode.DATE_INVALID);
                        assertThat(i.rejection().detail()).isEqualTo("EVN-2 and MSH-7 event time unparseable");
                    });
        }
        for (String none : new String[] {"", "\"\""}) { // HL7's explicit null is no time (review)
            assertThat(read(noEvnTime.replace("|" + msh7 + "|", "|" + none + "|"))).singleElement()
                    .isInstanceOfSatisfying(EventItem.Invalid.class, i ->
                            assertThat(i.rejection().reason()).as(none).isEqualTo(fr.dmp.ingest.domain.ReasonCode.METADATA_MISSING));
        }
        assertThat(read(noEvnTime)).allSatisfy(i -> assertThat(i).isInstanceOf(EventItem.Valid.class)); // MSH-7 alone will do
    }

    /** An independent writer's A31 cut short after EVN (a transfer that stopped): corrupt, not "no INS". */
    @Test
    void anAdtCutShortBeforeItsPidIsCorruptNotAnAbsentIns() {
        String full = new AdtBuilder().event("A31", "ADT_A05").patient(P.get(0)).build();
        String cut = full.substring(0, full.indexOf("PID|"));
        assertThat(read(cut)).singleElement().isInstanceOfSatisfying(EventItem.Invalid.class, i -> {
            assertThat(i.rejection().reason()).isEqualTo(fr.dmp.ingest.domain.ReasonCode.FORMAT_CORRUPT);
            assertThat(i.rejection().detail()).isEqualTo("ADT without PID segment");
        });
        assertThat(read(full)).allSatisfy(i -> assertThat(i).isInstanceOf(EventItem.Valid.class));
    }

    @Test
    void zfaFlagsBecomeClosingOppositionAndBreakGlassEvents() {
        Instant t = Instant.parse("2026-11-09T08:00:00Z");
        List<EventItem> items = read(new AdtBuilder().event("A31", "ADT_A05").patient(P.get(1))
                .zfa("FERME", t, t.plusSeconds(60), "N", t.plusSeconds(120), "Y", t.plusSeconds(180)).build());
        assertThat(items).extracting(i -> event(i).kind()).containsExactly(DossierEvent.Kind.IDENTITY,
                DossierEvent.Kind.CLOSE, DossierEvent.Kind.OPPOSE, DossierEvent.Kind.EMERGENCY_OPPOSITION);
        assertThat(event(items.get(1)).at()).isEqualTo(t.plusSeconds(60));
        assertThat(event(items.get(2)).detail()).isEqualTo("750000001");
        assertThat(event(items.get(3)).at()).isEqualTo(t.plusSeconds(180));
    }

    /**
     * rules.md R9. PAM-FR 2.11 (the ANS "Consentement_DMP_PAMFR" examples of hl7V2-exemples, whose shape this
     * message copies with our values): an admission carries the consent in ZFA-9 ({@code IO} opposed to feeding,
     * {@code INO} not), ZFA-4 empty. Before, ZFA was read on A28/A31/A08 only and ZFA-9 never: the opposition was lost.
     */
    @Test
    void r9_anOppositionToFeedingInZfa9OfAnAdmissionIsRead() {
        String admission = new AdtBuilder().event("A01", "ADT_A01").patient(P.get(2)).build().strip();
        List<EventItem> opposed = read(admission + "\rZFA|ACTIF|20240309111154|||||||IO|20240309111154|INC|20240309111154\r");
        assertThat(opposed).extracting(i -> event(i).kind()).containsExactly(DossierEvent.Kind.OPPOSE);
        assertThat(event(opposed.get(0)).at()).isEqualTo(Instant.parse("2024-03-09T10:11:54Z"));
        assertThat(event(opposed.get(0)).detail()).isEqualTo("750000001");
        List<EventItem> notOpposed = read(admission + "\rZFA|ACTIF|20240306111154|||||||INO|20240306111154|IC|20240306111154\r");
        assertThat(notOpposed).extracting(i -> event(i).kind()).containsExactly(DossierEvent.Kind.WITHDRAW_OPPOSITION);
        List<EventItem> notAsked = read(admission + "\rZFA|ACTIF|20240311111154|||||||NA||NA|\r");
        assertThat(notAsked).extracting(i -> event(i).kind()).containsExactly(DossierEvent.Kind.IDENTITY); // read, nothing to do
    }

    /**
     * rules.md R9. Round 31, a tester with Mediboard's PAM-FR definitions (GPL; fields only, our values): ZFA-4 is the
     * establishment's authorisation to access the patient's DMP, not an opposition to feeding. Read as one, an ordinary
     * admission's {@code N} refused every later document of the patient DOSSIER_OPPOSITION, and a later {@code Y} lifted
     * an opposition ZFA-9 had recorded.
     */
    @Test
    void r9_zfa4IsTheEstablishmentsAccessAuthorisationAndNeverAnOppositionToFeeding() {
        String admission = new AdtBuilder().event("A01", "ADT_A01").patient(P.get(2)).build().strip();
        List<EventItem> accessNotAuthorised = read(admission + "\rZFA||||N||N|N\r");
        assertThat(accessNotAuthorised).extracting(i -> event(i).kind())
                .containsExactly(DossierEvent.Kind.EMERGENCY_AUTHORISATION); // ZFA-6 N: break-glass allowed, nothing else
        List<EventItem> accessAuthorised = read(admission + "\rZFA|ACTIF|20240309111154||Y|20240309111154\r");
        assertThat(accessAuthorised).extracting(i -> event(i).kind()).containsExactly(DossierEvent.Kind.IDENTITY);
        // ZFA-4 beside ZFA-9: only ZFA-9 speaks of feeding
        List<EventItem> opposed = read(admission + "\rZFA|ACTIF|20240309111154||Y|20240309111154||||IO|20240309111154\r");
        assertThat(opposed).extracting(i -> event(i).kind()).containsExactly(DossierEvent.Kind.OPPOSE);
        // an attacker: the coded value with its text (IO^Opposition) is the code
        assertThat(read(admission + "\rZFA|ACTIF|20240309111154|||||||IO^Opposition|20240309111154\r"))
                .extracting(i -> event(i).kind()).containsExactly(DossierEvent.Kind.OPPOSE);
        List<EventItem> notOpposed = read(admission + "\rZFA|ACTIF|20240309111154||N|20240309111154||||INO|20240309111154\r");
        assertThat(notOpposed).extracting(i -> event(i).kind()).containsExactly(DossierEvent.Kind.WITHDRAW_OPPOSITION);
    }

    @Test
    void anIdentityUpdateCarriesTheTraitsAsADocumentsPidGivesThem() {
        SyntheticPatient p = P.get(0);
        DossierEvent e = event(read(new AdtBuilder().event("A28", "ADT_A05").patient(p).build()).get(0));
        assertThat(e.kind()).isEqualTo(DossierEvent.Kind.IDENTITY);
        assertThat(e.detail()).isEqualTo(DossierEvent.IDENTITY_UPDATE);
        // PID-5 repeats the usual first name in PID-5-3: once only; the birth place is the BDL address's INSEE code
        assertThat(e.traits()).isEqualTo(new Traits(p.birthName(), p.firstNames(), p.sex(), BirthDate.of(p.birthDate()), p.birthPlace()));
        assertThat(e.statedStatus()).isEqualTo("QUAL");
    }

    /**
     * Round 29, a tester with elixir-hl7's Wikipedia A01 (Apache-2.0): a vital-signs OBX whose OBX-2 is outside table 0125
     * ({@code N^K&M}) made the whole identity event FORMAT_CORRUPT "cannot be parsed (HL7Exception)".
     */
    @Test
    void anObxOfAnyValueTypeNeverStopsTheEvent() {
        SyntheticPatient p = P.get(0);
        String message = new AdtBuilder().event("A28", "ADT_A05").patient(p).build().stripTrailing();
        for (String obx2 : new String[] {"N^K&M", "XX", "", "CE30955-9"}) {
            List<EventItem> items = read(message + "\rOBX|1|" + obx2 + "|^Body Height||1.80|m^Meter^ISO+|||||F"
                    + "\rOBX|2|NM|^Body Weight||79|kg^Kilogram^ISO+|||||F\r");
            assertThat(event(items.get(0)).kind()).as(obx2).isEqualTo(DossierEvent.Kind.IDENTITY);
        }
    }

    @Test
    void aTwoWordFirstNameStaysOneFirstNameInAnIdentityUpdate() { // issue 14: "Marie Claire" in PID-5.2
        SyntheticPatient p = new SyntheticPatient(P.get(0).ins(), "FICTIF", List.of("Marie Claire", "Anne"), Sex.F,
                LocalDate.of(1969, 5, 12), "2A004");
        DossierEvent e = event(read(new AdtBuilder().event("A31", "ADT_A05").patient(p).build()).get(0));
        assertThat(e.traits().firstNames()).containsExactly("Marie Claire", "Anne");
    }

    @Test
    void everyEventOfAMessageCarriesThePidsTraitsAndStatus() { // ins.md: events are held to the identity rules
        SyntheticPatient p = P.get(1);
        Instant t = Instant.parse("2026-11-09T08:00:00Z");
        List<EventItem> items = read(new AdtBuilder().event("A31", "ADT_A05").patient(p).status("VALI")
                .zfa("FERME", t, t, "N", t, "Y", t).death(t).build());
        assertThat(items).extracting(i -> event(i).kind()).containsExactly(DossierEvent.Kind.DEATH,
                DossierEvent.Kind.CLOSE, DossierEvent.Kind.OPPOSE, DossierEvent.Kind.EMERGENCY_OPPOSITION); // no update: not QUAL
        assertThat(items).allSatisfy(i -> {
            assertThat(event(i).statedStatus()).isEqualTo("VALI");
            assertThat(event(i).traits().birthName()).isEqualTo(p.birthName());
        });
    }

    @Test
    void a40MergesTheMrgDossierIntoThePidOne() {
        List<EventItem> items = read(new AdtBuilder().event("A40", "ADT_A39").patient(P.get(2)).merged(P.get(1).ins()).build());
        assertThat(items).hasSize(1);
        DossierEvent e = event(items.get(0));
        assertThat(e.kind()).isEqualTo(DossierEvent.Kind.MERGE);
        assertThat(e.ins().matricule()).isEqualTo(P.get(2).ins());
        assertThat(e.detail()).isEqualTo(P.get(1).ins() + "^" + SyntheticPatient.TEST_OID);
    }

    /**
     * Round 28, a tester on UCLH's Emap fixtures: an MRG-1 holding only a local MRN was refused "no identifier with an INS
     * OID among 1" though PID-3 holds one (now it says MRG-1); an MRG-1 naming two INS merged the first, the second dropped.
     */
    @Test
    void anMrgWithoutAnInsSaysSoAndOneNamingTwoInsIsRefused() {
        String a40 = new AdtBuilder().event("A40", "ADT_A39").patient(P.get(2)).merged(P.get(1).ins()).build();
        String mrg = java.util.Arrays.stream(a40.split("\r")).filter(l -> l.startsWith("MRG|")).findFirst().orElseThrow();
        assertThat(read(a40.replace(mrg, "MRG|12345^^^HOPITAL&1.2.250.1.71.4.2.2.1&ISO^PI"))).singleElement()
                .isInstanceOfSatisfying(EventItem.Invalid.class, i -> assertThat(i.rejection().detail()).startsWith("MRG-1 (the merged patient): "));
        String two = mrg.replace("MRG|", "MRG|" + OruBuilder.insCx(P.get(0).ins(), SyntheticPatient.TEST_OID) + "~");
        assertThat(read(a40.replace(mrg, two))).singleElement().isInstanceOfSatisfying(EventItem.Invalid.class, i -> {
            // round 34: two different INS in one list are refused wherever they are (InsSelector), said of MRG-1 here
            assertThat(i.rejection().reason()).isEqualTo(fr.dmp.ingest.domain.ReasonCode.INS_INVALID);
            assertThat(i.rejection().detail()).startsWith("MRG-1 (the merged patient): two different INS");
        });
    }

    /** Round 25, a sample of microsoft/FHIR-Converter: an A40 with two PID/MRG pairs merged the first pair only. */
    @Test
    void a40WithTwoPatientGroupsMergesBothPairsOrNone() {
        String first = new AdtBuilder().event("A40", "ADT_A39").patient(P.get(2)).merged(P.get(1).ins()).build();
        List<SyntheticPatient> q = SyntheticPatients.pool(2, 25);
        String second = new AdtBuilder().event("A40", "ADT_A39").patient(q.get(0)).merged(q.get(1).ins()).build();
        String pair = java.util.Arrays.stream(second.split("\r")).filter(l -> l.startsWith("PID|") || l.startsWith("MRG|"))
                .collect(java.util.stream.Collectors.joining("\r"));
        List<EventItem> items = read(first.strip() + "\r" + pair + "\r");
        assertThat(items).hasSize(2).allSatisfy(i -> assertThat(event(i).kind()).isEqualTo(DossierEvent.Kind.MERGE));
        assertThat(event(items.get(0)).ins().matricule()).isEqualTo(P.get(2).ins());
        assertThat(event(items.get(0)).detail()).startsWith(P.get(1).ins() + "^");
        assertThat(event(items.get(1)).ins().matricule()).isEqualTo(q.get(0).ins());
        assertThat(event(items.get(1)).detail()).startsWith(q.get(1).ins() + "^");
        assertThat(event(items.get(1)).traits().birthName()).isEqualTo(q.get(0).birthName());

        // a structure HAPI's v2.6 model names otherwise (round 25 review): the same two merges
        for (String structure : new String[] {"ADT_A40", "ADT_A30"}) {
            String renamed = (first.strip() + "\r" + pair + "\r").replace("ADT^A40^ADT_A39", "ADT^A40^" + structure);
            assertThat(renamed).contains(structure);
            assertThat(read(renamed)).as(structure).hasSize(2)
                    .allSatisfy(i -> assertThat(event(i).kind()).isEqualTo(DossierEvent.Kind.MERGE));
        }
        // two MRG under one PID: HAPI's structure holds one pair; refused whole, never half applied
        String mrg = java.util.Arrays.stream(pair.split("\r")).filter(l -> l.startsWith("MRG|")).findFirst().orElseThrow();
        assertThat(read(first.strip() + "\r" + mrg + "\r")).singleElement().isInstanceOf(EventItem.Invalid.class);

        String badSecond = pair.replace(q.get(1).ins(), q.get(1).ins().substring(0, 13) + "00"); // a wrong control key
        assertThat(read(first.strip() + "\r" + badSecond + "\r")).singleElement().isInstanceOf(EventItem.Invalid.class);
    }
}
