package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.Finess;
import fr.dmp.ingest.format.events.DossierEvent;

import java.time.Instant;
import java.util.Optional;

/**
 * rules.md R9: the patient's opposition to being fed, by source organisation (a FINESS) or by all
 * ({@code *}); the newest event about a source wins, and a withdrawal keeps the source's row inactive so
 * that an older event arriving late cannot undo it.
 */
public final class OppositionRule {

    private OppositionRule() {
    }

    /** The state of the dossier's opposition to one source, as stored. */
    public record Current(boolean active, Instant changedAt) {
    }

    /** Record the opposition to {@code source} as {@code active} since {@code changedAt}. */
    public record Apply(String source, boolean active, Instant changedAt, String auditAction, String auditDetail,
                        String outcome) implements EventDecision.Apply {
    }

    /** The source the event is about ({@link Dossier#ALL_SOURCES} when it names none), or empty when it is no FINESS. */
    public static Optional<String> source(DossierEvent e) {
        String source = e.detail() == null || e.detail().isBlank() ? Dossier.ALL_SOURCES : e.detail().strip();
        return source.equals(Dossier.ALL_SOURCES) || Finess.isValid(source) ? Optional.of(source) : Optional.empty();
    }

    /**
     * @param e       an {@code oppose} or {@code withdraw-opposition} event
     * @param current the dossier's row for the event's {@link #source}, or null when there is none
     */
    public static EventDecision decide(DossierEvent e, Current current) {
        boolean oppose = switch (e.kind()) {
            case OPPOSE -> true;
            case WITHDRAW_OPPOSITION -> false;
            default -> throw new IllegalArgumentException("not an opposition event: " + e.kind());
        };
        Optional<String> source = source(e);
        if (source.isEmpty()) {
            return new EventDecision.Refuse("the source of an opposition is a FINESS or *");
        }
        if (current != null) {
            if (e.at().isBefore(current.changedAt())) {
                return new EventDecision.Superseded("older than the last opposition change for this source");
            }
            if (current.active() && !oppose && e.at().equals(current.changedAt())) {
                // an opposition and its withdrawal of the same instant (dates given as one day): the outcome followed the
                // order the files were read in (round 29, a tester); the opposition holds whatever that order, as a
                // closing does (R3)
                return new EventDecision.Refuse("an opposition of the same time holds (R9: on a tie the opposition"
                        + " holds; send the withdrawal with its time of day)");
            }
            if (current.active() && oppose && e.at().isAfter(current.changedAt())) {
                // stated again later: its time is recorded, so that a withdrawal of that same instant ties with it (a review,
                // round 29: the withdrawal applied after this opposition and not before it)
                return new Apply(source.get(), true, e.at(), "OPPOSITION", "source " + source.get() + ", stated again",
                        "opposition stated again");
            }
            if (current.active() == oppose) {
                return new EventDecision.NoChange(oppose ? null : "no opposition to withdraw");
            }
        } else if (!oppose) {
            return new EventDecision.NoChange("no opposition to withdraw");
        }
        return new Apply(source.get(), oppose, e.at(), oppose ? "OPPOSITION" : "OPPOSITION_WITHDRAWN",
                "source " + source.get(), oppose ? "opposition" : "opposition withdrawn");
    }
}
