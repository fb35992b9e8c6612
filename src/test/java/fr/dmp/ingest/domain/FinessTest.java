package fr.dmp.ingest.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one FINESS check (domain.Finess; formats.md, rules.md R9): the département first, then digits. */
class FinessTest {

    @Test
    void aDepartementThenDigitsIsAFiness() {
        for (String ok : new String[] {"750000001", "010000019", "950000011", "2A0000018", "2B0000018", "971000018",
                "976000018", "987000018", "130000303"}) {
            assertThat(Finess.isValid(ok)).as(ok).isTrue();
        }
    }

    @Test
    void anythingElseIsNot() {
        for (String bad : new String[] {null, "", "75000000", "7500000011", "000000001", "960000001", "990000001",
                "750A00001", "2a0000018", "2C0000018", " 750000001", "75 0000001", "75000000A", "٧50000001"}) {
            assertThat(Finess.isValid(bad)).as(String.valueOf(bad)).isFalse();
        }
    }
}
