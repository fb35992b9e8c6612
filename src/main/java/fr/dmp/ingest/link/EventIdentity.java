package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.events.DossierEvent;

import java.util.List;
import java.util.Optional;

/**
 * ins.md: a patient event is held to the identity rules a document is. The traits it carries (an ADT's
 * PID) are compared with its dossier's exactly as a document's ({@link TraitComparison}); a disagreement
 * refuses the event with {@code IDENTITY_MISMATCH}, whatever its kind (death, closing, opposition, merge...).
 * An identity update is decided by {@link IdentityUpdate}, which compares the same way. An event whose
 * source gives no traits (the events CSV) has nothing to compare.
 */
public final class EventIdentity {

    private EventIdentity() {
    }

    /** The refusal of an event whose traits disagree with its dossier's, or empty when they agree. */
    public static Optional<EventDecision.Refuse> check(DossierEvent e, long dossierId, Traits dossier) {
        if (e.kind() == DossierEvent.Kind.IDENTITY) {
            return Optional.empty(); // IdentityUpdate.decide compares, after its own checks
        }
        List<String> mismatches = TraitComparison.mismatches(e.traits(), dossier);
        return mismatches.isEmpty() ? Optional.empty() : Optional.of(mismatch(dossierId, mismatches));
    }

    /** The refusal's text: the reason code first (as a document's quarantine), the traits named, never their values. */
    static EventDecision.Refuse mismatch(long dossierId, List<String> mismatches) {
        return new EventDecision.Refuse(ReasonCode.IDENTITY_MISMATCH.name() + ": traits disagree with dossier " + dossierId
                + ": " + String.join(", ", mismatches));
    }
}
