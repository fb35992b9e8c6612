package fr.dmp.ingest.link;

import fr.dmp.ingest.format.events.DossierEvent.Kind;
import org.junit.jupiter.api.Test;

import static fr.dmp.ingest.link.Events.T0;
import static fr.dmp.ingest.link.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

/** rules.md R9: oppositions by source (a FINESS) or by all, the newest event about a source wins. */
class OppositionRuleTest {

    @Test
    void r9_anOppositionToOneSourceIsRecordedAndAudited() { // rules.md R9
        assertThat(OppositionRule.decide(event(Kind.OPPOSE, "750000001"), null)).isEqualTo(new OppositionRule.Apply(
                "750000001", true, T0, "OPPOSITION", "source 750000001", "opposition"));
    }

    @Test
    void r9_anOppositionNamingNoSourceIsAnOppositionToAll() { // rules.md R9
        for (String none : new String[] {null, "", "  ", "*"}) {
            assertThat(OppositionRule.decide(event(Kind.OPPOSE, none), null))
                    .isInstanceOfSatisfying(OppositionRule.Apply.class, a -> assertThat(a.source()).isEqualTo("*"));
        }
    }

    @Test
    void r9_aCorsicanFinessIsASource() { // rules.md R9, domain.Finess: 2A/2B are the département (issue 12)
        assertThat(OppositionRule.decide(event(Kind.OPPOSE, " 2A0000018 "), null))
                .isInstanceOfSatisfying(OppositionRule.Apply.class, a -> assertThat(a.source()).isEqualTo("2A0000018"));
        assertThat(OppositionRule.source(event(Kind.OPPOSE, "2B0000018"))).contains("2B0000018");
        assertThat(OppositionRule.source(event(Kind.OPPOSE, "972000018"))).contains("972000018");
    }

    @Test
    void r9_aSourceThatIsNoFinessIsRefused() { // rules.md R9
        for (String bad : new String[] {"75000000", "7500000011", "750A00001", "HOPITAL", "990000001", "2a0000018"}) {
            assertThat(OppositionRule.source(event(Kind.OPPOSE, bad))).as(bad).isEmpty();
            assertThat(OppositionRule.decide(event(Kind.OPPOSE, bad), null)).as(bad)
                    .isEqualTo(new EventDecision.Refuse("the source of an opposition is a FINESS or *"));
        }
    }

    @Test
    void r9_aWithdrawalKeepsTheRowInactive() { // rules.md R9: withdrawal applies to documents arriving after it
        OppositionRule.Current active = new OppositionRule.Current(true, T0.minusSeconds(3600));
        assertThat(OppositionRule.decide(event(Kind.WITHDRAW_OPPOSITION, "750000001"), active)).isEqualTo(
                new OppositionRule.Apply("750000001", false, T0, "OPPOSITION_WITHDRAWN", "source 750000001", "opposition withdrawn"));
    }

    @Test
    void r9_nothingToWithdrawOrAlreadySoChangesNothing() { // rules.md R9, R7: a second copy changes nothing
        assertThat(OppositionRule.decide(event(Kind.WITHDRAW_OPPOSITION, "750000001"), null))
                .isEqualTo(new EventDecision.NoChange("no opposition to withdraw"));
        OppositionRule.Current active = new OppositionRule.Current(true, T0);
        assertThat(OppositionRule.decide(event(Kind.OPPOSE, "750000001"), active)).isEqualTo(new EventDecision.NoChange(null));
        assertThat(new EventDecision.NoChange(null).outcome()).isEqualTo("no change");
    }

    @Test
    void r9_anEventOlderThanTheLastChangeForItsSourceIsSuperseded() { // rules.md R9: the newest event wins
        OppositionRule.Current withdrawn = new OppositionRule.Current(false, T0.plusSeconds(60));
        assertThat(OppositionRule.decide(event(Kind.OPPOSE, "750000001"), withdrawn))
                .isEqualTo(new EventDecision.Superseded("older than the last opposition change for this source"));
    }
    /** Round 29, a tester: an opposition and its withdrawal of the same instant ended by the order the files were read. */
    @Test
    void r9_anOppositionAndAWithdrawalOfTheSameInstantLeaveTheOppositionInEitherOrder() {
        // opposition first, then the withdrawal of the same time: refused, saying why
        OppositionRule.Current opposed = new OppositionRule.Current(true, T0);
        assertThat(OppositionRule.decide(event(Kind.WITHDRAW_OPPOSITION, "*"), opposed)).isEqualTo(new EventDecision.Refuse(
                "an opposition of the same time holds (R9: on a tie the opposition holds; send the withdrawal with its time of day)"));
        // the withdrawal first (nothing to withdraw, or a withdrawn row of that time), then the opposition: it applies
        assertThat(OppositionRule.decide(event(Kind.WITHDRAW_OPPOSITION, "*"), null))
                .isEqualTo(new EventDecision.NoChange("no opposition to withdraw"));
        assertThat(OppositionRule.decide(event(Kind.OPPOSE, "*"), new OppositionRule.Current(false, T0)))
                .isInstanceOfSatisfying(OppositionRule.Apply.class, a -> assertThat(a.active()).isTrue());
        // a review: an opposition stated again on the day of the withdrawal, the row active since the day before: its time
        // is recorded, so that the withdrawal of the same instant ties with it whichever is read first
        OppositionRule.Current since = new OppositionRule.Current(true, T0.minusSeconds(86_400));
        assertThat(OppositionRule.decide(event(Kind.OPPOSE, "*"), since)).isEqualTo(new OppositionRule.Apply("*", true, T0,
                "OPPOSITION", "source *, stated again", "opposition stated again"));
        // a withdrawal one second later still applies
        assertThat(OppositionRule.decide(event(Kind.WITHDRAW_OPPOSITION, "*"), new OppositionRule.Current(true, T0.minusSeconds(1))))
                .isInstanceOfSatisfying(OppositionRule.Apply.class, a -> assertThat(a.active()).isFalse());
    }
}
