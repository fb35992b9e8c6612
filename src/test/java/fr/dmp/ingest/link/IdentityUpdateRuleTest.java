package fr.dmp.ingest.link;

import fr.dmp.ingest.format.events.DossierEvent.Kind;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static fr.dmp.ingest.link.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

/** ins.md: an identity update from a qualified identity (link.IdentityUpdate). */
class IdentityUpdateRuleTest {

    private static final IdentityUpdate.Identity CURRENT =
            new IdentityUpdate.Identity("DUPONT", "MARIE", "F", LocalDate.of(1979, 3, 5), "75056");

    @Test
    void theDossierTakesTheTraitsTheEventCarriesAndKeepsTheOthers() { // ins.md, rules.md R1
        assertThat(IdentityUpdate.decide(event(Kind.IDENTITY, "MARTIN^^f^19790306^2A004"), CURRENT)).isEqualTo(new IdentityUpdate.Apply(
                new IdentityUpdate.Identity("MARTIN", "MARIE", "F", LocalDate.of(1979, 3, 6), "2A004"),
                "traits updated from a qualified identity", "identity updated"));
    }

    @Test
    void theSameTraitsOrNoneChangeNothing() { // rules.md R7: nothing to audit
        assertThat(IdentityUpdate.decide(event(Kind.IDENTITY, "DUPONT^MARIE^F^19790305^75056"), CURRENT))
                .isEqualTo(new EventDecision.NoChange(null));
        assertThat(IdentityUpdate.decide(event(Kind.IDENTITY, "^^^^"), CURRENT)).isEqualTo(new EventDecision.NoChange(null));
        assertThat(IdentityUpdate.decide(event(Kind.IDENTITY, null), CURRENT))
                .isEqualTo(new EventDecision.NoChange("nothing the DMP keeps"));
    }

    @Test
    void aBirthPlaceThatIsNoInseeCodeIsRefused() { // ins.md: the trait is the INSEE code
        assertThat(IdentityUpdate.decide(event(Kind.IDENTITY, "^^^^Lyon"), CURRENT))
                .isEqualTo(new EventDecision.Refuse("birth place is not an INSEE code"));
    }

    @Test
    void anUnreadableBirthDateIsRefused() { // ins.md
        assertThat(IdentityUpdate.decide(event(Kind.IDENTITY, "^^^1979-03-05"), CURRENT))
                .isEqualTo(new EventDecision.Refuse("birth date unparseable"));
    }

    @Test
    void aDossierWithoutTraitsTakesThem() { // ins.md
        IdentityUpdate.Identity none = new IdentityUpdate.Identity(null, null, null, null, null);
        assertThat(IdentityUpdate.decide(event(Kind.IDENTITY, "DUPONT^MARIE CLAIRE^M"), none))
                .isInstanceOfSatisfying(IdentityUpdate.Apply.class, a -> assertThat(a.identity())
                        .isEqualTo(new IdentityUpdate.Identity("DUPONT", "MARIE CLAIRE", "M", null, null)));
    }
}
