package fr.dmp.ingest.format.pdf;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A letterhead's side column is left out of a PDF's text; a page's own short lines, a form's labels and a list of
 * results stay. First on PDFs laid out by someone else (src/test/resources/independent/pdf-layouts/NOTES.md), then on
 * glyph boxes, one guard at a time.
 */
class SideColumnTest {

    static final Path SET = Path.of("src/test/resources/independent/pdf-layouts");

    static String text(String file) throws Exception {
        PdfText.Result r = PdfText.extract(Files.readAllBytes(SET.resolve(file)), 100_000_000L, 100);
        assertThat(r).isInstanceOf(PdfText.Ok.class);
        return ((PdfText.Ok) r).pdf().text();
    }

    @Test
    void aLetterheadsSideColumnIsLeftOutAndTheLetterReadsWhole() throws Exception {
        String text = text("sidebar-letterhead-prescription.pdf");
        // before: "Chef de pôle amplitude du pas, prévention..." (each side line glued to the body line beside it)
        assertThat(text).contains("Kinésithérapie pour maladie de Parkinson : travail de la marche et de l'équilibre,")
                .contains("\namplitude du pas, prévention des chutes, étirements, travail postural. 2")
                .contains("séances/semaine, 30 séances. À domicile ou au cabinet.")
                .doesNotContain("Secrétariat").doesNotContain("Praticien").doesNotContain("Chef de pôle")
                .doesNotContain("FINESS");
    }

    @Test
    void aListOfResultsInTheBodysTypeStays() throws Exception {
        String text = text("lab-list-beside-letterhead.pdf");
        for (String line : List.of("CRP", "GB    13.4 G/l", "PNN", "Hb    12.9", "Plaq  312", "Créat 94", "ionogramme normal",
                "hémocultures x2", "ECBU", "antibiogramme")) {
            assertThat(text).contains(line);
        }
    }

    @Test
    void aFormsLabelsBesideTheirValuesStay() throws Exception {
        assertThat(text("form-labels-beside-values.pdf")).contains("Destinataire Centre hospitalier")
                .contains("Examen demandé Radiographie").contains("Renseignements cliniques chute")
                .contains("Question posée fracture").contains("Urgence oui");
    }

    @Test
    void aLettersOwnShortLinesUnderTheLetterheadStay() throws Exception {
        assertThat(text("short-lines-under-letterhead.pdf")).contains("8 ans\nBilan orthophonique du langage écrit\n"
                + "et rééducation si nécessaire.").contains("articulatoires en maternelle)").contains("Le 14/03/2025");
    }

    /**
     * A second helper's attack (round 24), each PDF a layout where the first version of the rule left words out:
     * a narrow column in small type that belongs to the document. Every one of them must read whole.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "attack-form-labels-column.pdf   | Prénom : | Date de naissance : | Traitement : | Conclusion :",
            "attack-lab-results-column.pdf   | Hémoglobine | Plaquettes | Créatinine | HbA1c",
            "attack-quantities-column.pdf    | 1 boîte | 2 boîtes | QSP 3 mois | 2 paires",
            "attack-signature-block.pdf      | Praticien hospitalier | Service de Médecine interne | RPPS | Signé électroniquement",
            "attack-recipient-block.pdf      | Saumur, le 12 mai 2025 | Médecin généraliste | 14 rue du Temple | 49400",
            "attack-margin-notes.pdf         | cf. CR du 12/03 | à revoir J15 | voir courrier joint | Biologie en annexe",
            "attack-table-first-column.pdf   | Hémoglobine | Leucocytes | Créatinine | TSH"})
    void aNarrowColumnInSmallTypeThatBelongsToTheDocumentStays(String file, String a, String b, String c, String d)
            throws Exception {
        assertThat(text(file)).contains(a, b, c, d);
    }

    // glyph boxes: a page of A4 in points, a side band at x 40–160, the body from x 190

    static void line(List<SideColumn.Glyph> page, double x, double y, double size, int chars) {
        double w = size * 0.5;
        for (int i = 0; i < chars; i++) {
            page.add(new SideColumn.Glyph(x + i * w, w, y, size));
        }
    }

    static List<SideColumn.Glyph> sideBandBesideABody(double bandSize) {
        List<SideColumn.Glyph> page = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            line(page, 40, 80 + i * 11.3, bandSize, 28); // 7.5 pt: 105 points wide at most
        }
        for (int i = 0; i < 6; i++) {
            line(page, 190, 84 + i * 14.5, 10.5, 70);
        }
        return page;
    }

    static int sideGlyphs(List<SideColumn.Glyph> page) {
        boolean[] side = SideColumn.side(page);
        int n = 0;
        for (int i = 0; side != null && i < side.length; i++) {
            n += side[i] ? 1 : 0;
        }
        return n;
    }

    @Test
    void aNarrowBandInSmallerTypeBesideTheBodyIsASideColumn() {
        assertThat(sideGlyphs(sideBandBesideABody(7.5))).isEqualTo(30 * 28);
    }

    @Test
    void theSameBandInTheBodysTypeIsTheBodysOwnLines() {
        assertThat(sideGlyphs(sideBandBesideABody(10.5))).isZero();
    }

    @Test
    void aLineAcrossTheBandBetweenItsLinesMeansTheyAreTheBodysShortLines() {
        List<SideColumn.Glyph> page = sideBandBesideABody(7.5);
        line(page, 40, 80 + 15 * 11.3 + 5, 10.5, 100); // a body line from the left margin across the gutter
        assertThat(sideGlyphs(page)).isZero();
    }

    @Test
    void aTitleAboveTheBandAndAFooterBelowItDoNotHideIt() {
        List<SideColumn.Glyph> page = sideBandBesideABody(7.5);
        line(page, 40, 50, 12, 80);
        line(page, 40, 700, 7, 150);
        assertThat(sideGlyphs(page)).isEqualTo(30 * 28);
    }

    @Test
    void labelsOnTheBaselinesOfTheirValuesAreAFormNotASideColumn() {
        List<SideColumn.Glyph> page = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            line(page, 40, 80 + i * 14.5, 7.5, 20); // small bold labels
            line(page, 190, 80 + i * 14.5, 10.5, 40); // their values, on the same baselines
        }
        assertThat(sideGlyphs(page)).isZero();
    }

    @Test
    void aGlyphPlacedFarOffThePageCostsNothing() { // a hostile PDF: one bin per point would be gigabytes
        List<SideColumn.Glyph> page = sideBandBesideABody(7.5);
        line(page, 1.0e9, 300, 10.5, 3);
        assertThat(sideGlyphs(page)).isZero();
        List<SideColumn.Glyph> nan = sideBandBesideABody(7.5);
        nan.add(new SideColumn.Glyph(Double.NaN, 5, 300, 10.5));
        assertThat(SideColumn.withoutSideColumn(nan, g -> g)).isSameAs(nan);
    }

    @Test
    void aWideBandIsNoSideColumn() {
        List<SideColumn.Glyph> page = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            line(page, 40, 80 + i * 11.3, 7.5, 60); // 225 points: half the text's width
        }
        for (int i = 0; i < 6; i++) {
            line(page, 290, 84 + i * 14.5, 10.5, 40);
        }
        assertThat(sideGlyphs(page)).isZero();
    }
}
