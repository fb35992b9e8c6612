package fr.dmp.ingest.format.hl7;

import ca.uhn.hl7v2.parser.EncodingCharacters;
import fr.dmp.ingest.format.SourceDocument;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Round 35, a tester: a backslash its sender did not escape was dropped by HAPI, a titre "1\64" stored as "164". */
class Hl7EscapesTest {

    private final Hl7Escapes escapes = new Hl7Escapes();
    private final EncodingCharacters chars = new EncodingCharacters('|', "^~\\&#");

    @Test
    void theStandardSequencesAreUndoneAndABackslashStartingNoneIsKept() {
        assertThat(escapes.unescape("a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f", chars)).isEqualTo("a|b^c&d~e\\f");
        assertThat(escapes.unescape("Réf. 12\\P\\4", chars)).isEqualTo("Réf. 12#4"); // v2.7 2.7.4: the truncation character
        assertThat(escapes.unescape("dilution 1\\64", chars)).isEqualTo("dilution 1\\64");
        assertThat(escapes.unescape("voir C:\\dossier\\cr.pdf", chars)).isEqualTo("voir C:\\dossier\\cr.pdf");
        assertThat(escapes.unescape("a\\Q\\b", chars)).isEqualTo("a\\Q\\b");
        assertThat(escapes.unescape("fin\\", chars)).isEqualTo("fin\\");
        // formatting, hexadecimal and local sequences are left for the readers, as HAPI leaves them
        assertThat(escapes.unescape("a\\.br\\b\\H\\c\\N\\d\\XE9\\e\\Zabc\\f", chars)).isEqualTo("a\\.br\\b\\H\\c\\N\\d\\XE9\\e\\Zabc\\f");
    }

    @Test
    void aResultWithAnUnescapedBackslashIsStoredAsSent() {
        SourceDocument doc = (SourceDocument) new Hl7Reader().read(new fr.dmp.ingest.format.InputFile("x.hl7",
                Hl7ReaderTest.oru("2.5.1", "UNICODE UTF-8", "M-BS", Hl7ReaderTest.PID,
                        "OBX|1|ST|5196-1^Titre^LN||dilution 1\\64||||||F\rOBX|2|FT|X^Commentaire^L||Bilan\\.ce\\CONCLUSION\\.br\\RAS||||||F")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), null),
                new fr.dmp.ingest.format.ReadContext(java.nio.charset.StandardCharsets.ISO_8859_1,
                        java.time.ZoneId.of("Europe/Paris"), 1 << 26, 50)).get(0);
        assertThat(doc.observations().get(0).value()).isEqualTo("dilution 1\\64");
        assertThat(doc.observations().get(1).value()).isEqualTo("Bilan\nCONCLUSION\nRAS");
    }
}
