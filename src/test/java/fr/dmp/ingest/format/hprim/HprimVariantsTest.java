package fr.dmp.ingest.format.hprim;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.format.FormatDetector;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.Observation;
import fr.dmp.ingest.format.PatientIdentifier;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.TypeHint;
import fr.dmp.ingest.format.Unreadable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HPRIM as laboratory software writes it (issue 14): the files of {@code src/test/resources/hprim/},
 * all written for dmp-ingest after the public descriptions of the formats (their README says which shape each
 * stands for; none is copied from another project).
 * Every one is recognised as HPRIM and read; the expected outcome of each item is listed here.
 */
class HprimVariantsTest {

    private static final ReadContext CONTEXT = new ReadContext(StandardCharsets.ISO_8859_1, ZoneId.of("Europe/Paris"));
    private static final String DOC = "document";

    private final HprimReader reader = new HprimReader();
    private final FormatDetector detector = new FormatDetector();

    /** File → outcome of each item: {@link #DOC} or the reason of its refusal. */
    static Stream<Object[]> variants() {
        return Stream.of(
                new Object[] {"net-lab-closed-by-fin.hpr", List.of(DOC)},
                new Object[] {"net-text-only-printed.hpr", List.of(DOC)},
                new Object[] {"net-lf-utf8-indented-lab.hpr", List.of(DOC)},
                new Object[] {"net-stray-line-after-fin.hpr", List.of(DOC, ReasonCode.FORMAT_CORRUPT.name())},
                new Object[] {"res-tex-lines.txt", List.of(ReasonCode.INS_MISSING.name())},
                new Object[] {"res-tex-lines-lf-utf8.txt", List.of(ReasonCode.INS_MISSING.name())},
                new Object[] {"lab-without-header.hpr", List.of(ReasonCode.INS_MISSING.name())},
                new Object[] {"net-cp1252-13-line-header.hpr", List.of(DOC)},
                new Object[] {"net-two-reports-utf8-bom-lf.hpr", List.of(DOC, DOC)},
                new Object[] {"net-text-only-no-terminator-cr.hpr", List.of(DOC)},
                new Object[] {"net-lab-truncated.hpr", List.of(ReasonCode.FORMAT_CORRUPT.name())},
                new Object[] {"text-report-without-header.txt", List.of(ReasonCode.INS_MISSING.name())},
                new Object[] {"sante-h22-a-continuation.hpr", List.of(DOC)},
                new Object[] {"sante-h20-other-delimiters-lf.hpr", List.of(DOC)},
                new Object[] {"sante-h23-cr-only.hpr", List.of(DOC)},
                new Object[] {"net-first-report-without-end.hpr", List.of(ReasonCode.FORMAT_CORRUPT.name(), DOC)},
                new Object[] {"net-text-report-without-end-then-another.hpr", List.of(DOC, DOC)});
    }

    /** Round 33, a tester: a report without its end, the next report's header after it, both stored in the first dossier. */
    @Test
    void aReportWithoutItsEndEndsWhereTheNextReportsHeaderBegins() {
        List<ReadItem> items = read("net-first-report-without-end.hpr");
        assertThat(((Unreadable) items.get(0)).rejection().detail()).contains("truncated");
        SourceDocument b = (SourceDocument) items.get(1);
        assertThat(b.meta().orderId()).isEqualTo("REQ-B (2026-11-05)");
        assertThat(b.observations()).extracting(Observation::code).containsExactly("K");
        assertThat(new String(b.content().bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("FAUXNOM-UN").startsWith("PB0002");
        List<ReadItem> text = read("net-text-report-without-end-then-another.hpr");
        assertThat(((SourceDocument) text.get(0)).meta().orderId()).isEqualTo("REQ-A (2026-11-05)");
        assertThat(((SourceDocument) text.get(0)).content().text()).doesNotContain("POTASSIUM").doesNotContain("FAUXNOM-DEUX");
        assertThat(((SourceDocument) text.get(1)).observations()).extracting(Observation::code).containsExactly("K");
    }

    /** Round 33, an attacker: the next header with an empty code, two-digit years or no birth date was read into the report. */
    @Test
    void theNextReportsHeaderIsFoundWithAnEmptyCodeTwoDigitYearsOrNoBirthDate() {
        for (String name : new String[] {"net-no-end-next-code-empty.hpr", "net-no-end-next-two-digit-years.hpr",
                "net-no-end-next-no-birth-date.hpr"}) {
            List<ReadItem> items = read(name);
            assertThat(items).as(name).hasSize(2);
            SourceDocument first = (SourceDocument) items.get(0);
            assertThat(first.content().text()).as(name).doesNotContain("BRAVO").doesNotContain("otassium");
            assertThat(new String(first.content().bytes(), StandardCharsets.ISO_8859_1)).as(name).doesNotContain("BRAVO");
        }
        SourceDocument second = (SourceDocument) read("net-no-end-next-code-empty.hpr").get(1);
        assertThat(second.meta().orderId()).startsWith("R2B-2");
        assertThat(read("net-dates-at-header-places.hpr")).singleElement().isInstanceOf(SourceDocument.class);
    }

    /** A review, round 33: a text report listing a date, a result and a comment line by line is not cut as a new header. */
    @Test
    void aTextReportListingDatesLineByLineIsNotCutAtThem() {
        StringBuilder report = new StringBuilder(String.join("\r\n", "P1", "FAUXNOM", "JEAN", "", "", "", "28/02/1961",
                "1610213055001 35", "REQ-H", "05/11/2026", "750000101 LABO FICTIF", "DR DESTINATAIRE", "", "Historique :"));
        for (int month = 1; month <= 9; month++) {
            report.append("\r\n12/0").append(month).append("/2025\r\nGlycémie 1,0").append(month).append(" g/l\r\nNormale");
        }
        report.append("\r\n****FIN****\r\n");
        List<ReadItem> items = reader.read(new InputFile("h.hpr", report.toString().getBytes(StandardCharsets.ISO_8859_1), null), CONTEXT);
        assertThat(items).singleElement().isInstanceOf(SourceDocument.class);
        assertThat(((SourceDocument) items.get(0)).content().text()).contains("12/09/2025");
    }

    /** Round 33, a tester: a recycled request number made a report of another date a new version of the patient's report. */
    @Test
    void aRequestNumberIsOneOrderOnlyOnItsDate() {
        assertThat(HprimNet.requestOf("1001", LocalDate.of(2026, 10, 1))).isEqualTo("1001 (2026-10-01)");
        assertThat(HprimNet.requestOf("1001", LocalDate.of(2026, 11, 20))).isNotEqualTo(HprimNet.requestOf("1001", LocalDate.of(2026, 10, 1)));
        assertThat(HprimNet.requestOf("1001", null)).isEqualTo("1001");
        assertThat(HprimNet.requestOf(null, LocalDate.of(2026, 10, 1))).isNull();
    }

    static byte[] resource(String name) {
        try (InputStream in = HprimVariantsTest.class.getResourceAsStream("/hprim/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<ReadItem> read(String name) {
        return reader.read(new InputFile(name, resource(name), null), CONTEXT);
    }

    private SourceDocument doc(String name, int item) {
        return (SourceDocument) read(name).get(item);
    }

    @ParameterizedTest
    @MethodSource("variants")
    void everyVariantIsRecognisedAsHprimAndReadAsExpected(String name, List<String> expected) {
        byte[] bytes = resource(name);
        assertThat(detector.detect(bytes).toString()).as(name).isEqualTo(HprimReader.MEDIA_TYPE);
        assertThat(FormatDetector.formatOf(detector.detect(bytes))).isPresent();

        List<ReadItem> items = reader.read(new InputFile(name, bytes, null), CONTEXT);
        List<String> outcomes = new ArrayList<>();
        for (ReadItem item : items) {
            if (item instanceof SourceDocument d) {
                outcomes.add(DOC);
                assertThat(d.meta().typeHints()).extracting(TypeHint::code).contains(HprimReader.HINT_CODE);
                assertThat(d.content().text()).as(name).isNotBlank();
            } else {
                Unreadable u = (Unreadable) item;
                outcomes.add(u.rejection().reason().name());
                // no health data in a detail: neither the synthetic name nor the NIR nor the birth date
                assertThat(u.rejection().detail()).doesNotContain("FAUXNOM").doesNotContain("253072")
                        .doesNotContain("1953").doesNotContain("MAELYS");
            }
        }
        assertThat(outcomes).as(name).isEqualTo(expected);
    }

    @Test
    void tikaAloneRecognisesEveryVariantThatHasAMarkerOrAResultLine() {
        variants().map(v -> (String) v[0])
                .filter(name -> !name.equals("net-text-only-no-terminator-cr.hpr")) // no marker: its header does
                .forEach(name -> assertThat(detector.tika(resource(name)).toString()).as(name)
                        .isEqualTo(HprimReader.MEDIA_TYPE));
        assertThat(detector.tika(resource("net-text-only-no-terminator-cr.hpr")).toString()).isEqualTo("text/plain");
    }

    @Test
    void plainFrenchTextIsNotTakenForHprim() {
        byte[] letter = String.join("\n", "Cher confrère,", "", "Je vous adresse Mme X.", "Le 03/07/2019",
                "", "", "", "", "", "", "", "", "Bien confraternellement").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(detector.detect(letter).toString()).isEqualTo("text/plain");
        assertThat(HprimMessages.looksLikeNetHeader(letter)).isFalse();
    }

    @Test
    void labBlockClosedByFinIsReadAndItsCopyOfThePrintedTextIsNotRepeated() {
        SourceDocument d = doc("net-lab-closed-by-fin.hpr", 0);
        assertThat(d.patient().identifiers()).containsExactly(new PatientIdentifier("0000481516", null, null),
                new PatientIdentifier("253072A00400773", null, "NIR")); // "253072A004007 73" with its blank dropped
        assertThat(d.patient().traits().birthDate()).isEqualTo(BirthDate.of(LocalDate.of(1953, 7, 3)));
        assertThat(d.meta().orderId()).isEqualTo("710204 (2024-03-14)");
        assertThat(d.meta().creationTime()).isEqualTo(Instant.parse("2024-03-13T23:00:00Z")); // 14/03/2024, Paris
        assertThat(d.meta().senderFacility()).isEqualTo("B2 LaboEssai");
        assertThat(d.observations()).hasSize(1); // "RES||FERR2|A": no label, no value
        Observation ferritin = d.observations().get(0);
        assertThat(ferritin.display()).isEqualTo("Ferritine");
        assertThat(ferritin.numericValue()).isEqualByComparingTo("85");
        assertThat(ferritin.referenceRange()).isEqualTo("20-200");
        assertThat(d.content().text()).startsWith("BIOCHIMIE").contains("valeurs usuelles femmes : 20 a 200 µg/l");
        assertThat(d.content().text().split("BIOCHIMIE", -1)).hasSize(2); // the TEX lines copy the printed text: read once
    }

    @Test
    void textOnlyReportIsALabReportWithItsText() {
        SourceDocument d = doc("net-text-only-printed.hpr", 0);
        assertThat(d.observations()).isEmpty();
        assertThat(d.meta().typeHints()).extracting(TypeHint::code, TypeHint::codeSystem, TypeHint::evidence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("HPRIM-LAB", "HPRIM-message", "hprim:NET-text"));
        assertThat(d.content().text()).contains("Hémoglobine : 13.8 g/dL (12,0-16,0)");
        String content = new String(d.content().bytes(), StandardCharsets.ISO_8859_1);
        assertThat(content).endsWith("Conclusion : bilan normal\r\n\r\n****FIN****\r\n"); // the report, to its FIN
        assertThat(new String(resource("net-text-only-printed.hpr"), StandardCharsets.ISO_8859_1)).startsWith(content);
        assertThat(d.problems()).isEmpty();
    }

    @Test
    void lfUtf8ReportWithIndentedLabAndSecondUnits() {
        SourceDocument d = doc("net-lf-utf8-indented-lab.hpr", 0);
        assertThat(d.patient().identifiers()).contains(new PatientIdentifier("253072A00400773", null, "NIR")); // in groups
        assertThat(d.observations()).extracting(Observation::display).containsExactly("Hémoglobine", "Plaquettes",
                "PROTEINE C-REACTIVE (CRP)", "Potassium");
        assertThat(d.observations().get(0).referenceRange()).isEqualTo("12.0-16.0");
        assertThat(d.observations().get(2).valueType()).isEqualTo("ST");
        assertThat(d.observations().get(2).value()).isEqualTo("< 0.12 mg/l");
        assertThat(d.observations().get(3).abnormalFlags()).isEqualTo("H");
        assertThat(d.meta().senderFacility()).isEqualTo("labo.essai Laboratoire d'essai de biologie");
        assertThat(d.content().text()).startsWith("LABORATOIRE D'ESSAI DE BIOLOGIE").contains("H É M A T O L O G I E");
        assertThat(d.content().text().split("Plaquettes", -1)).hasSize(2); // the TEX copy of the printed text, read once
    }

    @Test
    void headerlessContentSaysWhatIsMissing() {
        assertThat(((Unreadable) read("res-tex-lines.txt").get(0)).rejection().detail())
                .startsWith("HPRIM Net results without the patient header");
        assertThat(((Unreadable) read("lab-without-header.hpr").get(0)).rejection().detail())
                .startsWith("HPRIM Net results without the patient header");
        assertThat(((Unreadable) read("text-report-without-header.txt").get(0)).rejection().detail())
                .startsWith("HPRIM Net patient header incomplete (2 of 12 lines before the end marker)");
        assertThat(((Unreadable) read("net-stray-line-after-fin.hpr").get(1)).rejection().detail())
                .isEqualTo("lines outside an HPRIM message or report (no H record before them, nor an HPRIM Net header of 12 lines)");
        assertThat(((Unreadable) read("net-lab-truncated.hpr").get(0)).rejection().detail())
                .contains("truncated");
    }

    @Test
    void windows1252ThirteenLineHeaderIsoDatesAndGroupedNir() {
        SourceDocument d = doc("net-cp1252-13-line-header.hpr", 0);
        assertThat(d.content().text()).startsWith("Sérologie : absence d’anticorps – contrôle à 3 mois (œdème)");
        assertThat(d.patient().traits().firstNames()).containsExactly("Maëlys");
        assertThat(d.patient().traits().birthDate()).isEqualTo(BirthDate.of(LocalDate.of(1953, 7, 3)));
        assertThat(d.patient().identifiers()).contains(new PatientIdentifier("253072A00400773", null, "NIR"));
        assertThat(d.meta().creationTime()).isEqualTo(Instant.parse("2019-03-11T23:00:00Z"));
        assertThat(d.meta().authorOrg()).isEqualTo("750000101");
        assertThat(d.meta().senderFacility()).isEqualTo("750000101 LABO-FICTIF-ALPHA");
        assertThat(d.observations()).hasSize(1);
        assertThat(d.problems()).isEmpty();
    }

    /**
     * An independent writer's HPRIM Net report wrote line 2 as "ROBIN née CHEVALIER": read whole, that was the birth
     * name. The birth name (the INS trait) is the one after "née", or the one before "épouse"/"ép.".
     */
    @Test
    void aNameLineWithNeeOrEpouseGivesTheBirthName() {
        for (String[] c : new String[][] {{"ROBIN née CHEVALIER", "CHEVALIER"}, {"ROBIN NEE CHEVALIER", "CHEVALIER"},
                {"CHEVALIER épouse ROBIN", "CHEVALIER"}, {"CHEVALIER ep. ROBIN", "CHEVALIER"}, {"DE LA FONTAINE", "DE LA FONTAINE"},
                {"BENEE", "BENEE"}}) {
            String report = "P914988\n" + c[0] + "\nFrançoise\n1 rue de l'Exemple\n\n75000 VILLE\n09/05/1947\n247054900706457\n"
                    + "NET-NEE-1\n13/03/2019\n750000101\nDR MEDECIN\nBilan\n****LAB****\nRES|TSH|3016-3|N|1.84|mUI/L|0.4|4|N|F\n****FIN****\n";
            SourceDocument d = (SourceDocument) reader.read(new InputFile("n.hpr", report.getBytes(StandardCharsets.UTF_8), null), CONTEXT).get(0);
            assertThat(d.patient().traits().birthName()).as(c[0]).isEqualTo(c[1]);
        }
    }

    /**
     * Round 9: three independent writers wrote the H record with one empty field too many before the sender, so the
     * version sat in H.14 and the date in H.15, and every message was DATE_INVALID "H.14". The version found one field
     * late says the header is shifted; a header as the standard writes it is read as before.
     */
    @Test
    void aHeaderShiftedByOneFieldIsReadWhenItsVersionSaysSo() {
        String tail = "\nP|1|IPP1||247054900706457~~~1.2.250.1.213.1.4.10~INS|CHEVALIER~Françoise||19470503|F\n"
                + "OBR|1||R1|TSH~TSH~L||201903130800\nOBX|1|NM|TSH~TSH~L||1.84|mUI/L|0.4-4|N|||F\nL|1\n";
        String standard = "H|~^\\&|S.HPR||LAB~LABO||ORU|||DMP~DMP||P|H2.2~C|201903131200";
        String shifted = "H|~^\\&|S.HPR|||LAB~LABO||ORU|||DMP~DMP||P|H2.1|201903131200";
        String shiftedAfter = "H|~^\\&|S.HPR||LAB~LABO|||ORU|||DMP~DMP||P|H2.1|201903131200"; // after the sender
        String shiftedAdt = "H|~^\\&|S.HPR|||LAB~LABO||ADM|||DMP~DMP||P|H2.1|201903131200";
        for (String header : new String[] {standard, shifted, shiftedAfter}) {
            SourceDocument d = (SourceDocument) reader.read(new InputFile("s.hpr", (header + tail).getBytes(StandardCharsets.UTF_8), null), CONTEXT).get(0);
            assertThat(d.problems()).as(header).isEmpty();
            assertThat(d.meta().senderApp() == null ? d.meta().senderFacility() : d.meta().senderApp()).as(header).isEqualTo("LAB");
        }
        ReadItem adm = reader.read(new InputFile("s.hpr", (shiftedAdt + tail).getBytes(StandardCharsets.UTF_8), null), CONTEXT).get(0);
        assertThat(((Unreadable) adm).rejection().reason()).isEqualTo(ReasonCode.FORMAT_UNSUPPORTED); // its type read where it is
        String unversioned = "H|~^\\&|S.HPR|||LAB~LABO||ORU|||DMP~DMP||P|2019|201903131200"; // no version: no guess
        SourceDocument d = (SourceDocument) reader.read(new InputFile("s.hpr", (unversioned + tail).getBytes(StandardCharsets.UTF_8), null), CONTEXT).get(0);
        assertThat(d.problems()).extracting(r -> r.reason()).contains(ReasonCode.DATE_INVALID);
    }

    /** Round 9: a birth date that civil status knows only to the year, as HPRIM writes it (zeros for what is unknown). */
    @Test
    void aBirthDateKnownOnlyToTheYearIsRead() {
        for (String[] c : new String[][] {{"00/00/1947", "1947"}, {"00/05/1947", "1947-05"}, {"19470000", "1947"}, {"1947", "1947"}}) {
            String report = "P914988\nCHEVALIER\nFrançoise\n1 rue de l'Exemple\n\n75000 VILLE\n" + c[0] + "\n247054900706457\n"
                    + "NET-YEAR-1\n13/03/2019\n750000101\nDR MEDECIN\nBilan\n****LAB****\nRES|TSH|3016-3|N|1.84|mUI/L|0.4|4|N|F\n****FIN****\n";
            SourceDocument d = (SourceDocument) reader.read(new InputFile("n.hpr", report.getBytes(StandardCharsets.UTF_8), null), CONTEXT).get(0);
            assertThat(d.problems()).as(c[0]).isEmpty();
            assertThat(d.patient().traits().birthDate()).as(c[0]).hasToString(c[1]);
        }
        String santé = "H|~^\\&|S.HPR||LAB~LABO||ORU|||DMP~DMP||P|H2.2~C|201903131200\nP|1|IPP1||247054900706457~~~1.2.250.1.213.1.4.10~INS|CHEVALIER~Françoise||19470000|F\n"
                + "OBR|1||R1|TSH~TSH~L||201903130800\nOBX|1|NM|TSH~TSH~L||1.84|mUI/L|0.4-4|N|||F\nL|1\n";
        SourceDocument d = (SourceDocument) reader.read(new InputFile("s.hpr", santé.getBytes(StandardCharsets.UTF_8), null), CONTEXT).get(0);
        assertThat(d.problems()).isEmpty();
        assertThat(d.patient().traits().birthDate()).hasToString("1947");
    }

    @Test
    void twoReportsOneWithResultsOneTextOnly() {
        List<ReadItem> items = read("net-two-reports-utf8-bom-lf.hpr");
        SourceDocument first = (SourceDocument) items.get(0);
        SourceDocument second = (SourceDocument) items.get(1);
        assertThat(first.observations()).hasSize(1);
        assertThat(first.meta().orderId()).isEqualTo("NET-BOM-1 (2019-03-13)");
        assertThat(second.observations()).isEmpty();
        assertThat(second.meta().orderId()).isEqualTo("NET-BOM-2 (2019-03-14)");
        assertThat(second.content().text())
                .isEqualTo("Compte rendu : Hémoglobine : 13.8 g/dL (12,0-16,0)\nFrottis sanguin sans anomalie.");
        assertThat(new String(second.content().bytes(), StandardCharsets.UTF_8)).endsWith("****FIN****\n");
    }

    @Test
    void textReportWithoutAnyMarkerIsReadWhole() {
        SourceDocument d = doc("net-text-only-no-terminator-cr.hpr", 0);
        assertThat(d.observations()).isEmpty();
        assertThat(d.meta().orderId()).isEqualTo("NET-CR (2019-03-15)");
        assertThat(d.content().text()).isEqualTo(
                "Compte rendu d'analyses\nHémoglobine : 13.8 g/dL (12,0-16,0)\nFerritine : 85 µg/L (15-150)");
    }

    @Test
    void hprimSanteContinuationOtherDelimiterOrderAndCrOnly() {
        SourceDocument a = doc("sante-h22-a-continuation.hpr", 0);
        assertThat(a.observations()).hasSize(2);
        assertThat(a.observations().get(1).value()).isEqualTo("Résultat contrôlé sur un second prélèvement");
        assertThat(a.content().text()).contains("Prélèvement à jeun");

        SourceDocument b = doc("sante-h20-other-delimiters-lf.hpr", 0);
        assertThat(b.meta().senderFacility()).isEqualTo("LABO-FICTIF-ALPHA");
        assertThat(b.patient().identifiers()).contains(
                new PatientIdentifier("253072A00400773", "1.2.250.1.213.1.4.10", "INS"));
        assertThat(b.patient().traits().firstNames()).containsExactly("Maëlys");
        assertThat(b.observations().get(0).display()).isEqualTo("Cholestérol total");

        SourceDocument c = doc("sante-h23-cr-only.hpr", 0);
        assertThat(c.observations()).extracting(Observation::code).containsExactly("2951-2");
    }
}
