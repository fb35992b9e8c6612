package fr.dmp.ingest.link;

import fr.dmp.ingest.link.DossierLifecycle.Change;
import fr.dmp.ingest.link.DossierLifecycle.State;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static fr.dmp.ingest.link.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** rules.md R3, R4, R15: the dossier's states, the definitive deletion and the annulment of a death recorded in error. */
class DossierLifecycleTest {

    private static final Instant BEFORE = T0.minusSeconds(86_400);
    private static final State OPEN = new State(DossierStatus.OPEN, null, null, null, null);

    @Test
    void r15_theDefinitiveDeletionAppliesWhateverTheStateAndIsFinal() { // rules.md R15
        for (State s : new State[] {OPEN, closedAt(BEFORE), deceasedAt(BEFORE, null)}) {
            assertThat(DossierLifecycle.deleteDossier(s, T0)).as(s.status().name()).isInstanceOfSatisfying(Change.class, c -> {
                assertThat(c.state().status()).isEqualTo(DossierStatus.DELETED);
                assertThat(c.state().retentionUntil()).isNull(); // nothing left to keep, nothing left to purge
                assertThat(c.audit()).isEqualTo("DOSSIER_DELETED");
            });
        }
        // a request dated before the dossier's last change still deletes it: the patient asked, and nothing undoes it
        State reopenedLater = new State(DossierStatus.OPEN, T0.plusSeconds(60), null, null, null);
        assertThat(((Change) DossierLifecycle.deleteDossier(reopenedLater, T0)).state().stateChangedAt()).isEqualTo(T0.plusSeconds(60));
        State deleted = ((Change) DossierLifecycle.deleteDossier(OPEN, T0)).state();
        assertThat(DossierLifecycle.deleteDossier(deleted, T0.plusSeconds(1))).isEqualTo(new DossierLifecycle.NoChange("already deleted"));
        assertThat(DossierLifecycle.reopen(deleted, T0.plusSeconds(1)))
                .isEqualTo(new DossierLifecycle.Refused("the dossier was deleted at the patient's request (R15)"));
        assertThat(DossierLifecycle.close(deleted, T0.plusSeconds(1))).isInstanceOf(DossierLifecycle.NoChange.class);
        assertThat(DossierLifecycle.death(deleted, T0.plusSeconds(1))).isInstanceOf(DossierLifecycle.NoChange.class);
    }

    @Test
    void r4_anAnnulledDeathReturnsTheDossierToTheStateTheDeathFound() { // rules.md R4
        // death of a patient whose dossier was open: open again
        State deceasedOpen = ((Change) DossierLifecycle.death(OPEN, BEFORE)).state();
        assertThat(DossierLifecycle.annulDeath(deceasedOpen, T0)).isEqualTo(new Change(
                new State(DossierStatus.OPEN, T0, null, null, null), "DEATH_ANNULLED"));
        // death of a patient who had closed the dossier: closed again, with that closing's retention
        Instant closed = BEFORE.minusSeconds(86_400);
        State deceasedClosed = ((Change) DossierLifecycle.death(closedAt(closed), BEFORE)).state();
        assertThat(DossierLifecycle.annulDeath(deceasedClosed, T0)).isEqualTo(new Change(
                new State(DossierStatus.CLOSED, T0, LocalDate.of(2036, 11, 18), closed, null), "DEATH_ANNULLED"));
    }

    /** rules.md R4, R14; round 25: a death notice years late made the dossier purgeable at once. */
    @Test
    void r14_aDeathLearnedYearsLateKeepsTheDossierTenYearsFromTheNoticeAPatientsEarlierClosingKeepsItsOwn() {
        Instant died = Instant.parse("2008-03-01T10:00:00Z");
        Instant received = Instant.parse("2026-12-06T02:00:00Z");
        State late = ((Change) DossierLifecycle.death(OPEN, died, null, null, received)).state();
        assertThat(late.status()).isEqualTo(DossierStatus.DECEASED);
        assertThat(late.deceasedAt()).isEqualTo(died);
        assertThat(late.retentionUntil()).isEqualTo(LocalDate.of(2036, 12, 6));
        // on time: ten years from the death, as before
        Instant soon = Instant.parse("2026-12-05T08:00:00Z");
        assertThat(((Change) DossierLifecycle.death(OPEN, soon, null, null, soon.plusSeconds(3600))).state().retentionUntil())
                .isEqualTo(LocalDate.of(2036, 12, 5));
        // closed by the patient first: the retention of that closing
        Instant closed = Instant.parse("2020-01-10T09:00:00Z");
        assertThat(((Change) DossierLifecycle.death(closedAt(closed), closed.plusSeconds(60), null, null, received)).state()
                .retentionUntil()).isEqualTo(LocalDate.of(2030, 1, 10));
    }

    /** rules.md R3, R14 (round 27): a closing whose ten years were over when it was learned is kept from its notice. */
    @Test
    void r3_aClosingLearnedAfterItsTenYearsIsKeptFromItsNoticeARecentOneFromItsDate() {
        Instant closing2015 = Instant.parse("2015-06-01T08:00:00Z");
        Instant notice = Instant.parse("2026-12-06T19:00:00Z");
        var late = (DossierLifecycle.Change) DossierLifecycle.close(OPEN, closing2015, notice);
        assertThat(late.state().retentionUntil()).isEqualTo(LocalDate.of(2036, 12, 6));
        assertThat(late.state().closedAt()).isEqualTo(closing2015);
        assertThat(DossierLifecycle.reopen(late.state(), notice.plusSeconds(60))).isInstanceOf(DossierLifecycle.Change.class);
        var recent = (DossierLifecycle.Change) DossierLifecycle.close(OPEN, Instant.parse("2026-11-10T08:00:00Z"), notice);
        assertThat(recent.state().retentionUntil()).isEqualTo(LocalDate.of(2036, 11, 10));
        // a death recorded in error, then annulled: the late closing keeps the retention of its notice (a review)
        var died = (DossierLifecycle.Change) DossierLifecycle.death(late.state(), notice.plusSeconds(3600));
        var annulled = (DossierLifecycle.Change) DossierLifecycle.annulDeath(died.state(), notice.plusSeconds(7200));
        assertThat(annulled.state().status()).isEqualTo(DossierStatus.CLOSED);
        assertThat(annulled.state().retentionUntil()).isEqualTo(LocalDate.of(2036, 12, 6));
    }

    @Test
    void r4_anAnnulmentNeedsADeathAndComesAfterItAndTheAnnulledDeathDoesNotComeBack() { // rules.md R4
        assertThat(DossierLifecycle.annulDeath(OPEN, T0)).isEqualTo(new DossierLifecycle.NoChange("no death to annul"));
        State deceased = deceasedAt(T0, null);
        assertThat(DossierLifecycle.annulDeath(deceased, BEFORE))
                .isEqualTo(new DossierLifecycle.Refused("the annulment is older than the death it annuls"));
        // a reopening never lifts a death
        assertThat(DossierLifecycle.reopen(deceased, T0.plusSeconds(60))).isInstanceOf(DossierLifecycle.Refused.class);
        // the annulled death sent again (or late) is superseded; a later death is a new one
        State reopened = ((Change) DossierLifecycle.annulDeath(deceased, T0.plusSeconds(60))).state();
        assertThat(DossierLifecycle.death(reopened, T0, T0.plusSeconds(60))).isInstanceOf(DossierLifecycle.Superseded.class);
        assertThat(DossierLifecycle.death(reopened, T0.plusSeconds(120), T0.plusSeconds(60))).isInstanceOf(Change.class);
    }

    private static State closedAt(Instant at) {
        return ((Change) DossierLifecycle.close(OPEN, at)).state();
    }

    private static State deceasedAt(Instant at, Instant closed) {
        return new State(DossierStatus.DECEASED, at, LocalDate.of(2036, 11, 20), closed != null ? closed : at, at);
    }

    @Test
    void aDeathDatedBeforeTheDossiersBirthDateIsRefusedAndTheDossierStaysOpen() { // rules.md R4 (a CSV event has no traits)
        fr.dmp.ingest.domain.BirthDate born = fr.dmp.ingest.domain.BirthDate.of(1990, 6, 15);
        assertThat(DossierLifecycle.death(OPEN, Instant.parse("1909-06-20T10:00:00Z"), null, born))
                .isInstanceOf(DossierLifecycle.Refused.class);
        assertThat(DossierLifecycle.death(OPEN, Instant.parse("1990-06-14T23:30:00Z"), null, born)).isInstanceOf(Change.class);
        assertThat(DossierLifecycle.death(OPEN, Instant.parse("1909-06-20T10:00:00Z"), null, null)).isInstanceOf(Change.class);
    }

    /**
     * Round 28, a tester: a closing and a reopening of the same instant (both dated by the day only) left three dossiers of
     * six open and three closed, by the order the files were read in. The closing holds whatever that order.
     */
    @Test
    void r3_aClosingAndAReopeningOfTheSameInstantLeaveTheDossierClosedInEitherOrder() {
        State open = new State(DossierStatus.OPEN, null, null, null, null);
        State closed = ((Change) DossierLifecycle.close(open, T0)).state();
        assertThat(DossierLifecycle.reopen(closed, T0)).isInstanceOf(DossierLifecycle.Refused.class);
        assertThat(((DossierLifecycle.Refused) DossierLifecycle.reopen(closed, T0)).why()).contains("closing of the same time holds");
        assertThat(DossierLifecycle.reopen(closed, T0.plusSeconds(1))).isInstanceOf(Change.class);
        // the other order: the reopening (of an open dossier) changed nothing, dated T0; the closing of T0 then applies
        State reopenedAtT0 = new State(DossierStatus.OPEN, T0, null, null, null);
        assertThat(((Change) DossierLifecycle.close(reopenedAtT0, T0)).state().status()).isEqualTo(DossierStatus.CLOSED);
    }
}
