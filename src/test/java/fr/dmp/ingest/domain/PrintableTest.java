package fr.dmp.ingest.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Round 9 attack 3: file names a sender chose reach the operator's terminal as one harmless line. */
class PrintableTest {

    @Test
    void controlCharactersLineBreaksAndBidiOverridesAreEscaped() {
        assertThat(Printable.of("esc\u001b[31mred.hl7")).isEqualTo("esc\\x1b[31mred.hl7");
        assertThat(Printable.of("new\nline.hl7")).isEqualTo("new\\x0aline.hl7").doesNotContain("\n");
        assertThat(Printable.of("tab\tcr\r.hl7")).isEqualTo("tab\\x09cr\\x0d.hl7");
        assertThat(Printable.of("invoice\u202Egpj.pdf")).isEqualTo("invoice\\u202egpj.pdf"); // right-to-left override
        assertThat(Printable.of("sep\u2028x")).isEqualTo("sep\\u2028x");
        assertThat(Printable.of("Zoé d'Été -rf *?[].hl7")).isEqualTo("Zoé d'Été -rf *?[].hl7"); // printable: unchanged
        assertThat(Printable.of(null)).isNull();
    }

    @Test
    void theOperatorsOwnPathIsEscapedButNeverMasked() {
        // a JUnit temporary folder's 19 digits hold a 15-digit window whose control key happens to be right
        String path = "/tmp/junit-3544916192362519364/nope\u001b.pdf";
        assertThat(Printable.escaped(path)).isEqualTo("/tmp/junit-3544916192362519364/nope\\x1b.pdf");
        assertThat(Printable.of(path)).doesNotContain("3544916192362519364"); // a sender's text: masked
    }
}
