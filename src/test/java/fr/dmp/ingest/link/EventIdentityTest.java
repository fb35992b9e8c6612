package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.events.DossierEvent;
import fr.dmp.ingest.format.events.DossierEvent.Kind;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

import static fr.dmp.ingest.link.Events.INS;
import static fr.dmp.ingest.link.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** ins.md, issue 14: every patient event is held to the traits its dossier has, as a document is (link.EventIdentity). */
class EventIdentityTest {

    private static final Traits DOSSIER = new Traits("D'ARC", List.of("Jeanne", "Marie Claire"), Sex.F,
            BirthDate.of(LocalDate.of(1979, 3, 5)), "2A004");

    @Test
    void eachKindWhoseTraitsDisagreeIsRefusedIdentityMismatch() {
        Traits other = new Traits("D'ARC", List.of("Jeanne"), Sex.F, BirthDate.of(LocalDate.of(1979, 3, 6)), "2A004");
        for (Kind kind : EnumSet.complementOf(EnumSet.of(Kind.IDENTITY))) {
            assertThat(EventIdentity.check(new DossierEvent(INS, kind, T0, null, other, "QUAL"), 3, DOSSIER)).as(kind.key())
                    .contains(new EventDecision.Refuse("IDENTITY_MISMATCH: traits disagree with dossier 3: birth date"));
        }
    }

    @Test
    void theSamePersonWrittenByAnotherSystemAgrees() {
        Traits writtenElsewhere = new Traits("d’Arc", List.of("JEANNE"), Sex.F, BirthDate.of(LocalDate.of(1979, 3, 5)), "2a004");
        for (Kind kind : Kind.values()) {
            assertThat(EventIdentity.check(new DossierEvent(INS, kind, T0, null, writtenElsewhere, "QUAL"), 3, DOSSIER))
                    .as(kind.key()).isEmpty();
        }
    }

    @Test
    void anEventWithoutTraitsHasNothingToCompare() { // the events CSV carries none
        assertThat(EventIdentity.check(new DossierEvent(INS, Kind.DEATH, T0, null), 3, DOSSIER)).isEmpty();
    }

    @Test
    void theFirstWordOfATwoWordFirstNameIsNotThatFirstName() {
        Traits words = new Traits("D ARC", List.of("Jeanne", "Marie", "Claire"), Sex.F, null, null);
        assertThat(EventIdentity.check(new DossierEvent(INS, Kind.CLOSE, T0, null, words, "QUAL"), 3, DOSSIER))
                .contains(new EventDecision.Refuse("IDENTITY_MISMATCH: traits disagree with dossier 3: first names"));
    }
}
