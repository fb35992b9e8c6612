package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.InsOid;
import fr.dmp.ingest.format.events.DossierEvent;
import fr.dmp.ingest.format.events.DossierEvent.Kind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static fr.dmp.ingest.link.Events.T0;
import static fr.dmp.ingest.link.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ADT A40, rules.md R1, R7: a merge moves the merged dossier's documents under the surviving one, which takes the stricter rights. */
class MergeRuleTest {

    private static final DossierEvent MERGE = event(Kind.MERGE, "185057800608491^1.2.250.1.213.1.4.10");
    private static final Instant DAY1 = T0.minusSeconds(10 * 86_400);
    private static final Instant DAY2 = T0.minusSeconds(5 * 86_400);
    private static final DossierLifecycle.State OPEN = new DossierLifecycle.State(DossierStatus.OPEN, null, null, null, null);

    private static DossierLifecycle.State closed(Instant at) {
        return new DossierLifecycle.State(DossierStatus.CLOSED, at, LocalDate.ofInstant(at, ZoneOffset.UTC).plusYears(10), at, null);
    }

    private static DossierLifecycle.State deceased(Instant at) {
        return new DossierLifecycle.State(DossierStatus.DECEASED, at, LocalDate.of(2036, 11, 10), at, at);
    }

    private static MergeRule.Side side(long id, DossierLifecycle.State s) {
        return new MergeRule.Side(id, s, false, Map.of());
    }

    @Test
    void r1_theMergedDossierLeadsToTheSurvivingOneAndBothAreAudited() { // rules.md R1, R7
        assertThat(MergeRule.decide(MERGE, side(1, OPEN), side(2, OPEN))).isEqualTo(new MergeRule.Apply(1, 2));
        MergeRule.Apply a = new MergeRule.Apply(1, 2);
        assertThat(a.survivingAudit(3)).isEqualTo("3 documents from dossier 2");
        assertThat(a.mergedAudit()).isEqualTo("merged into dossier 1");
        assertThat(a.outcome(3)).isEqualTo("merged 3 documents");
    }

    @Test
    void r1_aMergeAlreadyDoneChangesNothing() { // rules.md R1, R7
        assertThat(MergeRule.decide(MERGE, side(1, OPEN), side(1, OPEN))).isEqualTo(new EventDecision.NoChange("already merged"));
    }

    /** rules.md R15 (round 27, a tester): a dossier deleted at the patient's request is never merged, either way. */
    @Test
    void r15_aDeletedDossierIsNeverMergedIntoNorAway() {
        DossierLifecycle.State deleted = new DossierLifecycle.State(DossierStatus.DELETED, DAY1, null, null, null);
        assertThat(MergeRule.decide(MERGE, side(1, deleted), side(2, OPEN))).isInstanceOf(EventDecision.Refuse.class);
        assertThat(MergeRule.decide(MERGE, side(1, OPEN), side(2, deleted))).isInstanceOf(EventDecision.Refuse.class);
    }

    @Test
    void aMergedInsWithoutDossierIsRefusedWithoutShowingTheIns() { // ins.md: never a full matricule in a message
        assertThat(MergeRule.decide(MERGE, side(1, OPEN), null)).isEqualTo(new EventDecision.Refuse("no dossier for the merged INS ***********8491"));
        assertThat(MergeRule.mergedIns(MERGE).oid()).isEqualTo(InsOid.NIR_TEST);
        assertThatThrownBy(() -> MergeRule.mergedIns(event(Kind.MERGE, "185057800608491^9.9"))).isInstanceOf(RuntimeException.class);
    }

    @Test
    void r9_r12_anOppositionOfEitherDossierHoldsOnTheSurvivingOne() { // rules.md R9, R12
        var merged = new MergeRule.Side(2, OPEN, true, Map.of("750000001", new OppositionRule.Current(true, DAY1),
                "*", new OppositionRule.Current(false, DAY1), "920000001", new OppositionRule.Current(true, DAY1)));
        var surviving = new MergeRule.Side(1, OPEN, false, Map.of("750000001", new OppositionRule.Current(false, DAY2),
                "920000001", new OppositionRule.Current(true, DAY2)));
        MergeRule.Apply a = (MergeRule.Apply) MergeRule.decide(MERGE, surviving, merged);
        // the withdrawn opposition of the surviving dossier does not lift the merged one's; an inactive one is not taken
        assertThat(a.oppositions()).containsExactly(new MergeRule.TakenOpposition("750000001", DAY2));
        assertThat(a.takesEmergencyOpposition()).isTrue();
        assertThat(a.state()).isNull();
        assertThat(a.survivingAudit(0)).isEqualTo("0 documents from dossier 2; surviving dossier takes opposition 750000001, break-glass opposition");
        assertThat(a.mergedAudit()).isEqualTo("merged into dossier 1; surviving dossier takes opposition 750000001, break-glass opposition");
        // the surviving dossier's own oppositions are kept as they are: nothing to take from an open merged dossier
        assertThat(MergeRule.decide(MERGE, merged, side(1, OPEN))).isEqualTo(new MergeRule.Apply(2, 1));
    }

    @Test
    void r4_aDeceasedPatientStaysDeceasedWhicheverDossierRecordedTheDeath() { // rules.md R4
        MergeRule.Apply a = (MergeRule.Apply) MergeRule.decide(MERGE, side(1, OPEN), side(2, deceased(DAY1)));
        assertThat(a.state()).isEqualTo(deceased(DAY1));
        assertThat(a.stateAudit()).isEqualTo("DEATH");
        assertThat(MergeRule.decide(MERGE, side(1, deceased(DAY1)), side(2, closed(DAY2)))).isEqualTo(new MergeRule.Apply(1, 2));
        // both deceased: the earlier death is kept
        assertThat(((MergeRule.Apply) MergeRule.decide(MERGE, side(1, deceased(DAY2)), side(2, deceased(DAY1)))).state().deceasedAt())
                .isEqualTo(DAY1);
    }

    @Test
    void r3_aClosingOnTheMergedDossierClosesTheSurvivingOneUnlessItWasReopenedAfter() { // rules.md R3
        // open since created: the patient's closing holds
        MergeRule.Apply a = (MergeRule.Apply) MergeRule.decide(MERGE, side(1, OPEN), side(2, closed(DAY1)));
        assertThat(a.state()).isEqualTo(closed(DAY1));
        assertThat(a.stateAudit()).isEqualTo("CLOSED");
        // reopened before that closing: still closed, dated the later change so older events stay superseded
        var reopenedBefore = new DossierLifecycle.State(DossierStatus.OPEN, DAY1.minusSeconds(60), null, null, null);
        assertThat(((MergeRule.Apply) MergeRule.decide(MERGE, side(1, reopenedBefore), side(2, closed(DAY1)))).state().status())
                .isEqualTo(DossierStatus.CLOSED);
        // reopened after it: the patient's newer choice, open, wins
        var reopenedAfter = new DossierLifecycle.State(DossierStatus.OPEN, DAY2, null, null, null);
        assertThat(MergeRule.decide(MERGE, side(1, reopenedAfter), side(2, closed(DAY1)))).isEqualTo(new MergeRule.Apply(1, 2));
        // both closed: the later closing (the longer retention) holds
        assertThat(((MergeRule.Apply) MergeRule.decide(MERGE, side(1, closed(DAY1)), side(2, closed(DAY2)))).state())
                .isEqualTo(new DossierLifecycle.State(DossierStatus.CLOSED, DAY2, closed(DAY2).retentionUntil(), DAY2, null));
        assertThat(MergeRule.decide(MERGE, side(1, closed(DAY2)), side(2, closed(DAY1)))).isEqualTo(new MergeRule.Apply(1, 2));
        assertThat(MergeRule.decide(MERGE, side(1, closed(DAY1)), side(2, OPEN))).isEqualTo(new MergeRule.Apply(1, 2));
    }

    /**
     * Round 28, a tester on other hospitals' ADT: an A40 whose PID was the survivor's own qualified identity, its MRG naming
     * another person's INS, moved that person's documents into the survivor's dossier. Two dossiers are merged only when
     * their identities agree as a document's must (ins.md); else identity vigilance decides.
     */
    @Test
    void r1_dossiersOfTwoDifferentIdentitiesAreNeverMerged() {
        var marc = new fr.dmp.ingest.domain.Traits("DUPONTESSAI", List.of("Marc"), fr.dmp.ingest.domain.Sex.M,
                fr.dmp.ingest.domain.BirthDate.of(LocalDate.of(1970, 1, 1)), null);
        var luc = new fr.dmp.ingest.domain.Traits("MARTINESSAI", List.of("Luc"), fr.dmp.ingest.domain.Sex.M,
                fr.dmp.ingest.domain.BirthDate.of(LocalDate.of(1971, 2, 1)), null);
        var marcAgain = new fr.dmp.ingest.domain.Traits("Dupontessai", List.of("Marc"), fr.dmp.ingest.domain.Sex.M,
                fr.dmp.ingest.domain.BirthDate.of(LocalDate.of(1970, 1, 1)), null);
        EventDecision refused = MergeRule.decide(MERGE, new MergeRule.Side(1, OPEN, false, Map.of(), marc),
                new MergeRule.Side(2, OPEN, false, Map.of(), luc));
        assertThat(refused).isInstanceOf(EventDecision.Refuse.class);
        assertThat(((EventDecision.Refuse) refused).why()).startsWith("IDENTITY_MISMATCH: dossier 2 to merge and dossier 1")
                .contains("birth name").contains("birth date").doesNotContain("MARTIN").doesNotContain("1971");
        assertThat(MergeRule.decide(MERGE, new MergeRule.Side(1, OPEN, false, Map.of(), marc),
                new MergeRule.Side(2, OPEN, false, Map.of(), marcAgain))).isInstanceOf(MergeRule.Apply.class);
        // a review: one dossier with the usual first name, the other with the whole list, merge in either direction
        var marcJean = new fr.dmp.ingest.domain.Traits("DUPONTESSAI", List.of("Marc", "Jean"), fr.dmp.ingest.domain.Sex.M,
                fr.dmp.ingest.domain.BirthDate.of(LocalDate.of(1970, 1, 1)), null);
        assertThat(MergeRule.decide(MERGE, new MergeRule.Side(1, OPEN, false, Map.of(), marc),
                new MergeRule.Side(2, OPEN, false, Map.of(), marcJean))).isInstanceOf(MergeRule.Apply.class);
        assertThat(MergeRule.decide(MERGE, new MergeRule.Side(1, OPEN, false, Map.of(), marcJean),
                new MergeRule.Side(2, OPEN, false, Map.of(), marc))).isInstanceOf(MergeRule.Apply.class);
    }
}
