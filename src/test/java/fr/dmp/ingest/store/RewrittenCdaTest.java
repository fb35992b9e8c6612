package fr.dmp.ingest.store;

import fr.dmp.ingest.domain.Sha256;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 30, a tester: a CDA sent again after a transfer re-wrote its line ends or added a byte-order mark was refused
 * VERSION_CONFLICT "another content", telling the sender to stop reusing ids; it is the same XML, a duplicate.
 */
class RewrittenCdaTest {

    static final String CDA = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">\n"
            + "  <title>Compte rendu é</title>\n</ClinicalDocument>\n";

    private static String sha(String s) {
        return Sha256.hex(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void lineEndsAByteOrderMarkOrATrailingLineEndAreTheSameDocument() {
        String stored = sha(CDA);
        assertThat(DocumentStore.sameXmlRewritten(utf8(CDA.replace("\n", "\r\n")), stored)).isTrue();
        assertThat(DocumentStore.sameXmlRewritten(utf8("\uFEFF" + CDA), stored)).isTrue();
        assertThat(DocumentStore.sameXmlRewritten(utf8(CDA + "\n"), stored)).isTrue();
        assertThat(DocumentStore.sameXmlRewritten(utf8(CDA.strip()), stored)).isTrue();
        assertThat(DocumentStore.sameXmlRewritten(utf8("\uFEFF" + CDA.replace("\n", "\r\n")), stored)).isTrue();
        // the other way round: stored with CRLF and a mark, sent again plain
        assertThat(DocumentStore.sameXmlRewritten(utf8(CDA), sha("\uFEFF" + CDA.replace("\n", "\r\n")))).isTrue();
    }

    @Test
    void anyOtherChangeIsAnotherContent() {
        String stored = sha(CDA);
        assertThat(DocumentStore.sameXmlRewritten(utf8(CDA.replace("é", "e")), stored)).isFalse();
        assertThat(DocumentStore.sameXmlRewritten(utf8(CDA.replace("  <title>", "<title>")), stored)).isFalse();
        assertThat(DocumentStore.sameXmlRewritten(utf8(CDA.replace("\n", " ")), stored)).isFalse();
        assertThat(DocumentStore.sameXmlRewritten(null, stored)).isFalse();
    }
}
