package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.domain.Traits;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TraitComparisonTest {

    private static Traits with(Sex sex) {
        return new Traits("FICTIF", List.of("CAMILLE"), sex, BirthDate.of(1980, 4, 2), null);
    }

    /** Round 37, a tester: an unknown sex (U, or a code read as U) opened no dossier but disagreed with one: it is none. */
    @Test
    void anUnknownSexIsComparedWithNothingAndAKnownOneStillDisagrees() {
        assertThat(TraitComparison.mismatches(with(Sex.U), with(Sex.F))).isEmpty();
        assertThat(TraitComparison.mismatches(with(Sex.F), with(Sex.U))).isEmpty();
        assertThat(TraitComparison.mismatches(with(Sex.M), with(Sex.F))).containsExactly("sex");
        assertThat(TraitComparison.mismatches(with(null), with(Sex.F))).isEmpty();
    }
}
