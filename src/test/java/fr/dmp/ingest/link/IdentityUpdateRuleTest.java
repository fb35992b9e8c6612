package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.events.DossierEvent;
import fr.dmp.ingest.format.events.DossierEvent.Kind;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static fr.dmp.ingest.link.Events.INS;
import static fr.dmp.ingest.link.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** ins.md: an identity update from a qualified identity (link.IdentityUpdate), held to the traits rules. */
class IdentityUpdateRuleTest {

    private static final Traits CURRENT = new Traits("DUPONT", List.of("MARIE"), Sex.F, BirthDate.of(LocalDate.of(1979, 3, 5)), "75056");

    private static DossierEvent update(Traits traits) {
        return new DossierEvent(INS, Kind.IDENTITY, T0, DossierEvent.IDENTITY_UPDATE, traits, "QUAL");
    }

    @Test
    void theDossierTakesTheEventsSpellingAndTheTraitsItLackedAndKeepsTheOthers() { // ins.md
        Traits dossier = new Traits("DUPONT", List.of("LAETITIA"), null, null, null);
        Traits event = new Traits("Dupont", List.of("Lætitia", "Marie Claire"), Sex.F, BirthDate.of(LocalDate.of(1979, 3, 5)), "2a004");
        assertThat(IdentityUpdate.decide(update(event), 7, dossier)).isEqualTo(new IdentityUpdate.Apply(
                new Traits("Dupont", List.of("Lætitia", "Marie Claire"), Sex.F, BirthDate.of(LocalDate.of(1979, 3, 5)), "2A004"),
                "traits updated from a qualified identity: birth name, first names, sex, birth date, birth place", "identity updated"));
    }

    @Test
    void anUpdateThatDisagreesWithTheDossierIsAnIdentityMismatchNeverAnOverwrite() { // ins.md, rules.md R1
        Traits other = new Traits("MARTIN", List.of("MARIE"), Sex.F, BirthDate.of(LocalDate.of(1979, 3, 6)), "75056");
        assertThat(IdentityUpdate.decide(update(other), 7, CURRENT))
                .isEqualTo(new EventDecision.Refuse("IDENTITY_MISMATCH: traits disagree with dossier 7: birth name, birth date"));
        // "Marie Claire" is one first name: not the dossier's "Marie"
        Traits marieClaire = new Traits("DUPONT", List.of("Marie Claire"), Sex.F, null, null);
        assertThat(IdentityUpdate.decide(update(marieClaire), 7, CURRENT))
                .isEqualTo(new EventDecision.Refuse("IDENTITY_MISMATCH: traits disagree with dossier 7: first names"));
    }

    @Test
    void fewerFirstNamesThanTheDossierKeepTheDossiersList() { // ins.md: the list is never shortened by an update
        Traits dossier = new Traits("DUPONT", List.of("Marie Claire", "Anne"), Sex.F, null, null);
        assertThat(IdentityUpdate.decide(update(new Traits("DUPONT", List.of("MARIE-CLAIRE"), Sex.F, BirthDate.of(LocalDate.of(1969, 5, 12)), null)),
                7, dossier)).isEqualTo(new IdentityUpdate.Apply(
                        new Traits("DUPONT", List.of("Marie Claire", "Anne"), Sex.F, BirthDate.of(LocalDate.of(1969, 5, 12)), null),
                        "traits updated from a qualified identity: birth date", "identity updated"));
    }

    @Test
    void aKnownListReplacesTheWordsOfAListWrittenOutAndAnotherCutIsRefused() { // ins.md, V41
        // a dossier opened by a lone CDA given "Maria Lucia": its words, not where the first name ends
        Traits words = new Traits("DUPONT", List.of("Maria", "Lucia"), Sex.F, null, null, true);
        Traits oneName = new Traits("DUPONT", List.of("Maria Lucia"), Sex.F, null, null);
        assertThat(IdentityUpdate.decide(update(oneName), 7, words)).isEqualTo(new IdentityUpdate.Apply(
                oneName, "traits updated from a qualified identity: first names", "identity updated"));
        // round 17: the usual first name alone does not replace the words it is the first of; more names after them do
        Traits usualOnly = new Traits("DUPONT", List.of("Maria"), Sex.F, null, null);
        assertThat(IdentityUpdate.decide(update(usualOnly), 7, words)).isEqualTo(new EventDecision.NoChange(null));
        Traits more = new Traits("DUPONT", List.of("Maria", "Lucia", "Ana"), Sex.F, null, null);
        assertThat(IdentityUpdate.decide(update(more), 7, words)).isInstanceOfSatisfying(IdentityUpdate.Apply.class,
                a -> assertThat(a.identity().firstNames()).containsExactly("Maria", "Lucia", "Ana"));
        Traits otherWords = new Traits("DUPONT", List.of("Maria Luisa"), Sex.F, null, null);
        assertThat(IdentityUpdate.decide(update(otherWords), 7, words))
                .isEqualTo(new EventDecision.Refuse("IDENTITY_MISMATCH: traits disagree with dossier 7: first names"));
    }

    @Test
    void theSameTraitsOrNoneChangeNothing() { // rules.md R7: nothing to audit
        assertThat(IdentityUpdate.decide(update(CURRENT), 7, CURRENT)).isEqualTo(new EventDecision.NoChange(null));
        assertThat(IdentityUpdate.decide(update(Traits.none()), 7, CURRENT)).isEqualTo(new EventDecision.NoChange(null));
        assertThat(IdentityUpdate.decide(new DossierEvent(INS, Kind.IDENTITY, T0, null, CURRENT, "QUAL"), 7, CURRENT))
                .isEqualTo(new EventDecision.NoChange("nothing the DMP keeps"));
    }

    @Test
    void anAdtThatChangesNothingIsStillHeldToTheTraits() { // ins.md: an admission of another person is refused
        Traits other = new Traits("MARTIN", List.of("MARIE"), Sex.F, null, null);
        assertThat(IdentityUpdate.decide(new DossierEvent(INS, Kind.IDENTITY, T0, null, other, "QUAL"), 7, CURRENT))
                .isEqualTo(new EventDecision.Refuse("IDENTITY_MISMATCH: traits disagree with dossier 7: birth name"));
    }

    @Test
    void aBirthPlaceThatIsNoInseeCodeIsRefused() { // ins.md: the trait is the INSEE code
        assertThat(IdentityUpdate.decide(update(new Traits(null, List.of(), null, null, "Lyon")), 7, CURRENT))
                .isEqualTo(new EventDecision.Refuse("birth place is not an INSEE code"));
    }

    @Test
    void aDossierWithoutTraitsTakesThem() { // ins.md
        assertThat(IdentityUpdate.decide(update(new Traits("DUPONT", List.of("MARIE CLAIRE"), Sex.M, null, null)), 7, Traits.none()))
                .isInstanceOfSatisfying(IdentityUpdate.Apply.class, a -> assertThat(a.identity())
                        .isEqualTo(new Traits("DUPONT", List.of("MARIE CLAIRE"), Sex.M, null, null)));
    }
}
