package fr.dmp.ingest.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identifying traits a document lacks (ins.md): every document carries birth name, a first name and birth date;
 * one that opens a dossier carries M or F too. Round 17's second tester opened dossiers with sex U, and with an
 * invalid code read as U, that a qualified update giving M could then never match.
 */
class TraitsAbsentTest {

    private static final BirthDate BORN = BirthDate.of(LocalDate.of(1980, 1, 2));

    @Test
    void unknownSexIsNoTraitToOpenADossierWith() {
        assertThat(new Traits("FICTIF", List.of("Ana"), Sex.F, BORN, null).absent(true)).isEmpty();
        assertThat(new Traits("FICTIF", List.of("Ana"), Sex.U, BORN, null).absent(true)).containsExactly("sex");
        assertThat(new Traits("FICTIF", List.of("Ana"), Sex.parse("X"), BORN, null).absent(true)).containsExactly("sex");
        assertThat(new Traits("FICTIF", List.of("Ana"), Sex.U, BORN, null).absent(false)).isEmpty();
    }

    @Test
    void blankOrPunctuationNamesAreAbsent() {
        assertThat(new Traits(" ", List.of("-"), Sex.F, null, null).absent(false))
                .containsExactly("birth name", "first name", "birth date");
        assertThat(new Traits("'", List.of("", "  "), null, BORN, null).absent(true))
                .containsExactly("birth name", "first name", "sex");
    }
}
