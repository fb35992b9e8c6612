package fr.dmp.ingest.validate;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.format.events.DossierEvent;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Pure checks of a patient event's identity, the same as a document's (ins.md, issue 14): the identity
 * status the source states must be one the feed accepts (its {@code identity} settings), and the traits it
 * gives must be ones the INS referential can hold ({@link TraitCharacters}). The traits are compared with
 * the dossier's when the event applies (link/EventIdentity), since the dossier may not exist yet.
 */
public final class EventValidator {

    private final IdentityRules rules;
    private final Clock clock;

    public EventValidator(IdentityRules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    /** Why the event may not apply, or empty when its time and identity pass. */
    public Optional<Rejection> problem(DossierEvent event) {
        // an event reports what happened: one dated ahead of our clock (beyond a drifting clock's slack, as for a
        // document's creation time) is a typing or clock error, not a closing or a death to apply now (round 12)
        Instant now = clock.instant();
        if (event.at() != null && DocumentValidator.inTheFuture(event.at(), now)) {
            return Optional.of(Rejection.of(ReasonCode.DATE_INVALID, "event time in the future"));
        }
        if (event.at() != null && DocumentValidator.beforeAnyRecord(event.at())) {
            return Optional.of(Rejection.of(ReasonCode.DATE_INVALID, "event time before 1850"));
        }
        if (event.traits().birthDate() != null && DocumentValidator.bornInTheFuture(event.traits().birthDate(), now)) {
            return Optional.of(Rejection.of(ReasonCode.DATE_INVALID, "birth date in the future"));
        }
        if (event.traits().birthDate() != null && DocumentValidator.bornBeforeAnyRecord(event.traits().birthDate())) {
            return Optional.of(Rejection.of(ReasonCode.DATE_INVALID, "birth date before 1850"));
        }
        // a death dated before the birth the same message gives is a typing error in one of the two (round 13)
        if (event.kind() == DossierEvent.Kind.DEATH && event.at() != null && event.traits().birthDate() != null
                && event.traits().birthDate().after(event.at())) {
            return Optional.of(Rejection.of(ReasonCode.DATE_INVALID, "death before the birth date"));
        }
        Optional<Rejection> status = rules.statusProblem(event.statedStatus());
        if (status.isPresent()) {
            return status;
        }
        return TraitCharacters.problem(event.traits()).map(p -> Rejection.of(ReasonCode.IDENTITY_NOT_QUALIFIED, p));
    }
}
