package fr.dmp.ingest.format.hl7;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** HL7 v2 value conventions a tester found read wrong (round 27, on NIST's and open LIS fixtures). */
class Hl7ObservationsTest {

    @Test
    void anFtSkipOfSeveralLinesIsLineBreaksNeverTheEscapeItself() { // HL7 v2 2.7.2: \.sp<n>\ skips n lines
        assertThat(Hl7Observations.formatting("Résultat\\.sp2\\Fin")).isEqualTo("Résultat\n\nFin");
        assertThat(Hl7Observations.formatting("a\\.sp\\b")).isEqualTo("a\nb");
        assertThat(Hl7Observations.formatting("a\\.sp 3\\b")).isEqualTo("a\n\n\nb");
        assertThat(Hl7Observations.formatting("a\\.sp999\\b")).isEqualTo("a" + "\n".repeat(10) + "b"); // bounded
        assertThat(Hl7Observations.formatting("a\\.br\\b\\.in+4\\c")).isEqualTo("a\nbc");
    }

    @Test
    void aCentredLineStartsOnItsOwnLine() { // HL7 v2 2.7.6 \.ce\: end the current line, centre the next
        // rounds 29 and 35, testers: "CONCLUSION" centred by \.ce\ was glued to the line before
        assertThat(Hl7Observations.formatting("Hémogramme normal.\\.ce\\CONCLUSION")).isEqualTo("Hémogramme normal.\nCONCLUSION");
    }

    @Test
    void anSnWithTheEqualComparatorIsItsNumberAndAnotherComparatorNone() { // SN.1, the comparator: "=" is equality
        assertThat(Hl7Observations.parseNumber("=^1,30")).isEqualByComparingTo("1.30");
        assertThat(Hl7Observations.parseNumber("^1,30")).isEqualByComparingTo("1.30");
        assertThat(Hl7Observations.parseNumber("<^0,5")).isNull();
    }
}
