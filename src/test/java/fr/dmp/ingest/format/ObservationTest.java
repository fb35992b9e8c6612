package fr.dmp.ingest.format;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class ObservationTest {

    /** An independent writer's HPRIM files ("1 250 UI/L", "85 000 /mL"): kept as text only, with no numeric value. */
    @Test
    void frenchNumbersWithThousandsGroupedBySpacesAreNumbers() {
        assertThat(Observation.number("1 250")).isEqualByComparingTo("1250");
        assertThat(Observation.number("85 000")).isEqualByComparingTo("85000");
        assertThat(Observation.number("1\u00A0250,5")).isEqualByComparingTo("1250.5");
        assertThat(Observation.number("12\u202F000")).isEqualByComparingTo("12000");
        assertThat(Observation.number("-1 000.25")).isEqualByComparingTo("-1000.25");
        assertThat(Observation.number("5,2")).isEqualByComparingTo(new BigDecimal("5.2"));
        // not a grouping of threes: not guessed
        assertThat(Observation.number("1 25")).isNull();
        assertThat(Observation.number("1 2 3")).isNull();
        assertThat(Observation.number("1250 000 0")).isNull();
        assertThat(Observation.number("< 5")).isNull();
    }
}
