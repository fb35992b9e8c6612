package fr.dmp.ingest.validate;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.format.events.DossierEvent;

import java.util.Optional;

/**
 * Pure checks of a patient event's identity, the same as a document's (ins.md, issue 14): the identity
 * status the source states must be one the feed accepts (its {@code identity} settings), and the traits it
 * gives must be ones the INS referential can hold ({@link TraitCharacters}). The traits are compared with
 * the dossier's when the event applies (link/EventIdentity), since the dossier may not exist yet.
 */
public final class EventValidator {

    private final IdentityRules rules;

    public EventValidator(IdentityRules rules) {
        this.rules = rules;
    }

    /** Why the event may not apply, or empty when its identity passes. */
    public Optional<Rejection> problem(DossierEvent event) {
        Optional<Rejection> status = rules.statusProblem(event.statedStatus());
        if (status.isPresent()) {
            return status;
        }
        return TraitCharacters.problem(event.traits()).map(p -> Rejection.of(ReasonCode.IDENTITY_NOT_QUALIFIED, p));
    }
}
