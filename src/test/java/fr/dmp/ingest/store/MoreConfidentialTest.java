package fr.dmp.ingest.store;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** rules.md R6: what a copy of a stored document asks for beyond what the stored one carries (round 33, a review). */
class MoreConfidentialTest {

    @Test
    void aVisibilityCodeOrAStricterLevelIsMoreAWeakerLevelIsNot() {
        assertThat(DocumentStore.moreConfidential(List.of("N", "MASQUE_PS"), List.of("N"))).containsExactly("MASQUE_PS");
        assertThat(DocumentStore.moreConfidential(List.of("N", "MASQUE_PS"), List.of("N", "MASQUE_PS"))).isEmpty();
        assertThat(DocumentStore.moreConfidential(List.of("R"), List.of("V"))).as("R of a V document asks nothing more").isEmpty();
        assertThat(DocumentStore.moreConfidential(List.of("V"), List.of("R"))).containsExactly("V");
        assertThat(DocumentStore.moreConfidential(List.of("N"), List.of())).isEmpty();
    }
}
