package fr.dmp.ingest.domain;

import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Round 9 (an independent writer's patient born abroad, PID-7 "1961"): a birth date known only to the year or the
 * month is a birth date, written at its precision (HL7 DTM, CDA TS) or with zeros for what is unknown, and it is
 * the same trait only as the same partial date (ins.md: birth dates must be equal).
 */
class BirthDateTest {

    @Test
    void aYearOrAMonthAloneIsABirthDateWhateverTheWayItIsWritten() {
        assertThat(BirthDate.digits("1961")).isEqualTo(BirthDate.of(1961, 0, 0)).isEqualTo(BirthDate.digits("19610000"));
        assertThat(BirthDate.digits("196105")).isEqualTo(BirthDate.of(1961, 5, 0)).isEqualTo(BirthDate.digits("19610500"));
        assertThat(BirthDate.digits("19610503")).isEqualTo(BirthDate.of(LocalDate.of(1961, 5, 3)));
        assertThat(BirthDate.digits("196105031230+0100")).isEqualTo(BirthDate.of(LocalDate.of(1961, 5, 3))); // a time: ignored
        assertThat(BirthDate.digits("19610503123015.25-0500")).isEqualTo(BirthDate.of(LocalDate.of(1961, 5, 3)));
        // round 37, a tester: ISO 8601's T is no HL7 date; read, it opened a dossier with no word
        for (String bad : new String[] {"19500131T143414", "19500131 1430", "19500131Z", "195001311"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BirthDate.digits(bad)).as(bad)
                    .isInstanceOf(java.time.DateTimeException.class);
        }
        assertThat(BirthDate.iso("1961")).isEqualTo(BirthDate.digits("1961"));
        assertThat(BirthDate.iso("1961-05")).isEqualTo(BirthDate.digits("196105"));
        assertThat(BirthDate.iso("1961-00-00")).isEqualTo(BirthDate.digits("1961"));
        assertThat(BirthDate.digits("1961").precision()).isEqualTo(BirthDate.Precision.YEAR);
        assertThat(BirthDate.digits("196105").precision()).isEqualTo(BirthDate.Precision.MONTH);
        assertThat(BirthDate.digits("19610503").complete()).isTrue();
    }

    @Test
    void aPartialDateIsNotTheCompleteDateOfTheSameYear() {
        assertThat(BirthDate.digits("1961")).isNotEqualTo(BirthDate.digits("19610101"));
        assertThat(BirthDate.digits("196105")).isNotEqualTo(BirthDate.digits("1961"));
    }

    @Test
    void itsPeriodRunsFromTheFirstToTheLastDayThePersonMayHaveBeenBorn() {
        assertThat(BirthDate.digits("1961").earliest()).isEqualTo(LocalDate.of(1961, 1, 1));
        assertThat(BirthDate.digits("1961").latest()).isEqualTo(LocalDate.of(1961, 12, 31));
        assertThat(BirthDate.digits("196002").latest()).isEqualTo(LocalDate.of(1960, 2, 29));
        assertThat(BirthDate.of(LocalDate.of(1961, 1, 1), BirthDate.Precision.YEAR)).isEqualTo(BirthDate.digits("1961"));
        assertThat(BirthDate.digits("1961")).hasToString("1961");
        assertThat(BirthDate.digits("196105")).hasToString("1961-05");
        assertThat(BirthDate.digits("19610503")).hasToString("1961-05-03"); // as LocalDate prints it: event keys unchanged
    }

    @Test
    void whatIsNoDateIsRefused() {
        for (String bad : new String[] {"19610005", "19610230", "19611301", "196", "19615", "1961-05", "1961X", "0000"}) {
            assertThatThrownBy(() -> BirthDate.digits(bad)).as(bad).isInstanceOf(DateTimeException.class);
        }
        for (String bad : new String[] {"1961-5", "1961/05", "61", "1961-00-05"}) {
            assertThatThrownBy(() -> BirthDate.iso(bad)).as(bad).isInstanceOf(DateTimeException.class);
        }
    }
}
