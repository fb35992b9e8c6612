package fr.dmp.ingest.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** codes.md confidentialityCode, rules.md R6: the one list, loaded from codes/confidentiality.csv. */
class ConfidentialityCodesTest {

    @Test
    void r6_theListIsCodesMds() { // rules.md R6
        assertThat(ConfidentialityCodes.all()).containsExactly("N", "R", "V", "MASQUE_PS", "INVISIBLE_PATIENT",
                "INVISIBLE_REPRESENTANTS_LEGAUX");
        assertThat(ConfidentialityCodes.isKnown("MASQUE_PS")).isTrue();
        assertThat(ConfidentialityCodes.isKnown("masque_ps")).isFalse();
        assertThat(ConfidentialityCodes.isKnown("INVISIBLE_REP_LEGAUX")).isFalse(); // HL7 v2 flag name, mapped by the reader
        assertThat(ConfidentialityCodes.isKnown(null)).isFalse();
    }
}
