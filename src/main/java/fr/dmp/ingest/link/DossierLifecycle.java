package fr.dmp.ingest.link;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The dossier's states and what moves it between them (rules.md): OPEN → CLOSED by the patient, kept
 * 10 years and reopenable meanwhile (R3); any → DECEASED after death, final (R4). An event older than
 * the dossier's last change of state is superseded: events apply in the order of their time, even
 * when they arrive out of order across runs. Pure: the store persists what this decides.
 */
public final class DossierLifecycle {

    /** R3: a closed dossier is kept ten years. */
    public static final int RETENTION_YEARS = 10;

    private DossierLifecycle() {
    }

    /** The part of a dossier its state changes touch. */
    public record State(DossierStatus status, Instant stateChangedAt, LocalDate retentionUntil, Instant closedAt,
                        Instant deceasedAt) {
    }

    /** What an event does: the new state, or why nothing changes. */
    public sealed interface Transition {
    }

    /** The state changes; {@code audit} is the action the patient sees in the dossier's history (R7). */
    public record Change(State state, String audit) implements Transition {
    }

    /** Nothing to change (already so): applying an event twice changes nothing. */
    public record NoChange(String why) implements Transition {
    }

    /** The event came after a newer change of state. */
    public record Superseded() implements Transition {
    }

    /** The event cannot apply (a deceased patient's dossier is never reopened). */
    public record Refused(String why) implements Transition {
    }

    public static Transition close(State s, Instant at) {
        if (s.stateChangedAt() != null && at.isBefore(s.stateChangedAt())) {
            return new Superseded();
        }
        return switch (s.status()) {
            case OPEN -> new Change(new State(DossierStatus.CLOSED, at, LocalDate.ofInstant(at, ZoneOffset.UTC)
                    .plusYears(RETENTION_YEARS), at, s.deceasedAt()), "CLOSED");
            case CLOSED -> new NoChange("already closed");
            case DECEASED -> new NoChange("already closed after death");
            case DELETED -> new NoChange("deleted at the patient's request");
        };
    }

    /**
     * R3 and R14 as above, for a closing the pipeline learns of at {@code recorded}: kept ten years from the closing, or,
     * when those ten years were over before the notice came, from the notice. A closing dated 2015 (learned late, or its
     * year typed wrong) made a dossier opened today past its retention at once: the reopening refused, the night's purge
     * deleting its documents before anyone could look (round 27, a tester; a death is kept from its notice, round 25).
     */
    public static Transition close(State s, Instant at, Instant recorded) {
        Transition t = close(s, at);
        if (t instanceof Change change && recorded != null
                && change.state().retentionUntil().isBefore(LocalDate.ofInstant(recorded, ZoneOffset.UTC))) {
            State d = change.state();
            return new Change(new State(d.status(), d.stateChangedAt(),
                    LocalDate.ofInstant(recorded, ZoneOffset.UTC).plusYears(RETENTION_YEARS), d.closedAt(), d.deceasedAt()),
                    change.audit());
        }
        return t;
    }

    public static Transition reopen(State s, Instant at) {
        if (s.stateChangedAt() != null && at.isBefore(s.stateChangedAt())) {
            return new Superseded();
        }
        if (s.status() == DossierStatus.CLOSED && at.equals(s.stateChangedAt())) {
            // a closing and a reopening of the same instant (two dates given as one day): the outcome followed the order
            // the files were read in (round 28, a tester); the closing holds, whatever that order, and this says so
            return new Refused("a closing of the same time holds (R3: on a tie the dossier stays closed; send the"
                    + " reopening with its time of day)");
        }
        return switch (s.status()) {
            case OPEN -> new NoChange("already open");
            case DECEASED -> new Refused("the dossier of a deceased patient is not reopened (R4)");
            case DELETED -> new Refused("the dossier was deleted at the patient's request (R15)");
            case CLOSED -> s.retentionUntil() != null && LocalDate.ofInstant(at, ZoneOffset.UTC).isAfter(s.retentionUntil())
                    ? new Refused("the 10-year retention of the closed dossier is over (R3)")
                    : new Change(new State(DossierStatus.OPEN, at, null, null, s.deceasedAt()), "REOPENED");
        };
    }

    /** R4: death closes the dossier whatever its state, and for good. */
    public static Transition death(State s, Instant at) {
        if (s.status() == DossierStatus.DECEASED) {
            return new NoChange("already deceased");
        }
        if (s.status() == DossierStatus.DELETED) {
            return new NoChange("deleted at the patient's request"); // nothing left to close
        }
        return new Change(new State(DossierStatus.DECEASED, at, s.retentionUntil() != null ? s.retentionUntil()
                : LocalDate.ofInstant(at, ZoneOffset.UTC).plusYears(RETENTION_YEARS), s.closedAt() != null ? s.closedAt() : at, at),
                "DEATH");
    }

    /**
     * R15: the patient asks for the definitive deletion of the dossier, whatever its state and whenever the
     * request is dated (no older change of state outweighs it); final. The store drops the contents.
     */
    public static Transition deleteDossier(State s, Instant at) {
        if (s.status() == DossierStatus.DELETED) {
            return new NoChange("already deleted");
        }
        Instant changed = s.stateChangedAt() != null && s.stateChangedAt().isAfter(at) ? s.stateChangedAt() : at;
        return new Change(new State(DossierStatus.DELETED, changed, null, s.closedAt(), s.deceasedAt()), "DOSSIER_DELETED");
    }

    /**
     * R4: a death recorded in error is annulled by an explicit event from a feed allowed to send one (never by
     * a reopening, which death refuses). The dossier returns to the state the death found: closed (with the
     * retention of that closing) when it was closed before, else open. An annulment dated before the death
     * it annuls is refused.
     */
    public static Transition annulDeath(State s, Instant at) {
        if (s.status() != DossierStatus.DECEASED) {
            return new NoChange("no death to annul");
        }
        if (at.isBefore(s.deceasedAt())) {
            return new Refused("the annulment is older than the death it annuls");
        }
        boolean closedBefore = s.closedAt() != null && s.closedAt().isBefore(s.deceasedAt());
        LocalDate closedRetention = LocalDate.ofInstant(s.closedAt() == null ? at : s.closedAt(), ZoneOffset.UTC).plusYears(RETENTION_YEARS);
        // never lower than the retention the closing had (a closing learned late is kept from its notice: a review)
        LocalDate kept = s.retentionUntil() != null && s.retentionUntil().isAfter(closedRetention) ? s.retentionUntil() : closedRetention;
        return new Change(closedBefore
                ? new State(DossierStatus.CLOSED, at, kept, s.closedAt(), null)
                : new State(DossierStatus.OPEN, at, null, null, null), "DEATH_ANNULLED");
    }

    /**
     * R4: a death notice dated no later than an annulment already applied is the death annulled (a copy sent
     * again, or late): superseded; a later one is a new death.
     */
    public static Transition death(State s, Instant at, Instant lastAnnulment) {
        if (lastAnnulment != null && !at.isAfter(lastAnnulment)) {
            return new Superseded();
        }
        return death(s, at);
    }

    /**
     * R4 as above, for a patient whose dossier holds a birth date ({@code born}, null when unknown): a death dated
     * before it is a typing error, refused rather than closing the dossier for good (an event without traits, such
     * as the events CSV's, is checked here only).
     */
    public static Transition death(State s, Instant at, Instant lastAnnulment, fr.dmp.ingest.domain.BirthDate born) {
        if (born != null && born.after(at)) {
            return new Refused("the death is dated before the patient's birth date");
        }
        return death(s, at, lastAnnulment);
    }

    /**
     * R4 and R14 as above, for a notice the pipeline learns of at {@code recorded}: a dossier it closes is kept ten
     * years from the later of the death and the notice. A notice that came years late (a death in 2008 received in
     * 2026, or a year typed wrong) made the dossier past its retention at once, and the night's purge deleted it with
     * this year's documents before anyone could annul the death (round 25, a tester). A dossier the patient had
     * closed before keeps the retention of that closing.
     */
    public static Transition death(State s, Instant at, Instant lastAnnulment, fr.dmp.ingest.domain.BirthDate born,
                                   Instant recorded) {
        Transition t = death(s, at, lastAnnulment, born);
        if (t instanceof Change change && s.retentionUntil() == null && recorded != null && recorded.isAfter(at)) {
            State d = change.state();
            return new Change(new State(d.status(), d.stateChangedAt(),
                    LocalDate.ofInstant(recorded, ZoneOffset.UTC).plusYears(RETENTION_YEARS), d.closedAt(), d.deceasedAt()),
                    change.audit());
        }
        return t;
    }
}
