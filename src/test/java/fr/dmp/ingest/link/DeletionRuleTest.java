package fr.dmp.ingest.link;

import fr.dmp.ingest.format.events.DossierEvent.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static fr.dmp.ingest.link.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

/** rules.md R5, R13: a deletion takes the version named, the earlier versions it replaced and the later ones replacing it. */
class DeletionRuleTest {

    private static DeletionRule.Version v(long id, String uid, String status) {
        return new DeletionRule.Version(id, uid, status);
    }

    @Test
    void r5_theNamedVersionIsDeletedWithTheEarlierVersionsItReplaced() { // rules.md R5, R13
        List<DeletionRule.Version> set = List.of(v(3, "V3", "CURRENT"), v(1, "V1", "REPLACED"), v(2, "V2", "REPLACED"));
        assertThat(DeletionRule.decide(event(Kind.DELETE_DOCUMENT, " V3 "), set)).isEqualTo(new DeletionRule.Apply(List.of(
                new DeletionRule.Deleted(1, "V1", DeletionRule.EARLIER_VERSION),
                new DeletionRule.Deleted(2, "V2", DeletionRule.EARLIER_VERSION),
                new DeletionRule.Deleted(3, "V3", null)), "deleted with 2 earlier versions"));
    }

    /**
     * Round 31, a tester over fifteen nights: the patient deleted the version read (V2) and its correction (V3) stayed
     * current, readable; a later one was stored as current. A deletion holds for the versions that replace it, as a
     * masking does; an already deleted version is not deleted again.
     */
    @Test
    void r5_aLaterVersionGoesWithTheDeletedOneAndAnAlreadyDeletedOneIsNotDeletedAgain() { // rules.md R5, R13
        List<DeletionRule.Version> set = List.of(v(1, "V1", "DELETED"), v(2, "V2", "REPLACED"), v(3, "V3", "CURRENT"));
        assertThat(DeletionRule.decide(event(Kind.DELETE_DOCUMENT, "V2"), set)).isEqualTo(new DeletionRule.Apply(List.of(
                new DeletionRule.Deleted(2, "V2", null), new DeletionRule.Deleted(3, "V3", DeletionRule.REPLACING_VERSION)),
                "deleted with 1 later versions"));
    }

    @Test
    void r5_deletingTwiceChangesNothing() { // rules.md R5, R7
        assertThat(DeletionRule.decide(event(Kind.DELETE_DOCUMENT, "V1"), List.of(v(1, "V1", "DELETED"))))
                .isEqualTo(new EventDecision.NoChange("already deleted"));
    }

    @Test
    void r5_aDocumentNotInTheDossierYetIsWaitedFor() { // rules.md R5: the events feed runs before the documents' feeds
        assertThat(DeletionRule.decide(event(Kind.DELETE_DOCUMENT, "V9"), List.of()))
                .isEqualTo(new EventDecision.Waiting(EventDecision.Waiting.WAITING_FOR_DOCUMENT));
    }

    /** Round 30, a reviewer: a deletion that waited for its document takes the later versions stored with it, not others. */
    @Test
    void r5_aWaitingDeletionTakesTheLaterVersionsStoredWithItOnly() { // rules.md R5, R13
        List<DeletionRule.Version> set = List.of(new DeletionRule.Version(1, "V1", "REPLACED"),
                new DeletionRule.Version(2, "V2", "REPLACED"), new DeletionRule.Version(3, "V3", "CURRENT"));
        assertThat(DeletionRule.decide(event(Kind.DELETE_DOCUMENT, "V2"), set, java.util.Set.of("V2", "V3")))
                .isEqualTo(new DeletionRule.Apply(List.of(new DeletionRule.Deleted(1, "V1", DeletionRule.EARLIER_VERSION),
                        new DeletionRule.Deleted(2, "V2", null), new DeletionRule.Deleted(3, "V3", DeletionRule.LATER_VERSION)),
                        "deleted with 1 earlier versions and 1 later versions sent with it"));
        // in the events step nothing was stored with it: the later version goes too, as one that replaces it
        assertThat(DeletionRule.decide(event(Kind.DELETE_DOCUMENT, "V2"), set)).isEqualTo(new DeletionRule.Apply(List.of(
                new DeletionRule.Deleted(1, "V1", DeletionRule.EARLIER_VERSION), new DeletionRule.Deleted(2, "V2", null),
                new DeletionRule.Deleted(3, "V3", DeletionRule.REPLACING_VERSION)), "deleted with 1 earlier versions and 1 later versions"));
    }
}
