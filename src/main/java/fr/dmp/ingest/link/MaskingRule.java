package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.ConfidentialityCodes;
import fr.dmp.ingest.format.events.DossierEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * rules.md R5, R6: the patient masks a document (adds a confidentiality code, {@code MASQUE_PS} when the
 * event names none) or unmasks it (removes a code a masking event put there; a flag the document came
 * with is never dropped, and masking keeps the source's {@code N}: it says the document's HL7
 * confidentiality, not its visibility). An {@code INVISIBLE_PATIENT} the document came with is lifted only
 * by a new version of the document (R13), never by an event (codes.md: until a consultation announces it).
 * The event's detail is {@code <document uid>[;|<code>]}.
 */
public final class MaskingRule {

    private MaskingRule() {
    }

    /** The outcome of a masking of a code the document already has (store/PatientMaskings reads it). */
    public static final String ALREADY = "already ";

    /** The document and the code an event names. */
    public record Target(String documentUid, String code) {
    }

    /**
     * The document as stored: whether it is deleted, its codes, and those of its codes that the patient's maskings of
     * the version it replaced carried onto it (R13: the patient's masking of one version holds for the versions that
     * replace it), apart from those its sender stated itself.
     */
    public record Document(boolean deleted, List<String> confidentiality, List<String> carried) {
        public Document {
            confidentiality = List.copyOf(confidentiality);
            carried = List.copyOf(carried);
        }

        public Document(boolean deleted, List<String> confidentiality) {
            this(deleted, confidentiality, List.of());
        }
    }

    /** Set the document's confidentiality codes to {@code confidentiality}; the audit names the code. */
    public record Apply(String documentUid, List<String> confidentiality, String code, String auditAction,
                        String outcome) implements EventDecision.Apply {
    }

    /** The document and code a {@code mask} or {@code unmask} event (or its detail) names. */
    public static Target target(String detail) {
        String[] parts = Objects.requireNonNull(detail, "detail").split("[;|]", 2);
        return new Target(parts[0].strip(), ConfidentialityCodes.maskingCode(detail));
    }

    /**
     * @param e               a {@code mask} or {@code unmask} event
     * @param document        the named document in the event's dossier, or null when there is none (yet: the event waits)
     * @param appliedMaskings the details of the masking events applied to the named document before {@code e}
     *                        that changed it (read only for an unmasking)
     */
    public static EventDecision decide(DossierEvent e, Document document, List<String> appliedMaskings) {
        return decide(e, document, appliedMaskings, false);
    }

    /** How an unmasking of a code the document does not have is refused (the store counts it as the patient's choice). */
    public static final String NOT_MASKED_PREFIX = "the document is not masked ";

    /** Why an unmasking is refused when a masking of the same document and code has the same time. */
    public static final String SAME_INSTANT = "a masking of the same time holds (rules.md R5, as a closing does in R3)";

    /**
     * @param maskedAtTheSameInstant for an unmasking: whether a masking of the same document and code has the same time
     *                               (two events dated by the day only): the masking holds in either order, as a closing
     *                               holds against a reopening of the same instant (R3) and an opposition against its
     *                               withdrawal (R9); the outcome followed the order of the files (round 30, a tester)
     */
    public static EventDecision decide(DossierEvent e, Document document, List<String> appliedMaskings,
                                       boolean maskedAtTheSameInstant) {
        return decide(e, document, appliedMaskings, maskedAtTheSameInstant, null);
    }

    /**
     * @param laterChoice the time of the patient's latest masking or unmasking of the same document and code already
     *                    decided, when it is later than this event's (it came in an earlier run), else null: this older
     *                    one is superseded (R5, as R3 for the dossier's state): an unmasking of the 28th read after a
     *                    masking of the 30th lifted it, against the patient's last choice (round 31, a tester)
     */
    public static EventDecision decide(DossierEvent e, Document document, List<String> appliedMaskings,
                                       boolean maskedAtTheSameInstant, java.time.Instant laterChoice) {
        boolean mask = switch (e.kind()) {
            case MASK -> true;
            case UNMASK -> false;
            default -> throw new IllegalArgumentException("not a masking event: " + e.kind());
        };
        Target t = target(e.detail());
        if (!ConfidentialityCodes.isKnown(t.code())) {
            return new EventDecision.Refuse("unknown confidentiality code");
        }
        // N too is a level: "unknown" of a code of the list misled (round 34, a tester of the patient's rights)
        if (ConfidentialityCodes.isLevel(t.code()) && (mask || t.code().equals(ConfidentialityCodes.NORMAL))) {
            // R6: R and V say the document's HL7 confidentiality, which its author states; a patient's masking is a
            // visibility code. Masked R, a document carried two levels, N and R (round 27, a tester); one masked before may be lifted
            return new EventDecision.Refuse(t.code() + " is the document's confidentiality level, set by its author, not a masking");
        }
        if (document == null) {
            // rules.md R5: sent the same night as its document, the event is read before it (events feed first): it
            // waits for the document, as the patient's wish would otherwise be lost and the document stored visible
            return EventDecision.Waiting.FOR_DOCUMENT;
        }
        if (document.deleted()) {
            // refused, so audited (R7): "no change", applied without a row, took the patient's request out of the trail
            // (round 30, a tester)
            return new EventDecision.Refuse("the document was deleted at the patient's request: nothing to " + (mask ? "mask" : "unmask"));
        }
        if (laterChoice != null && e.at().isBefore(laterChoice)) {
            return new EventDecision.Superseded("older than the patient's last " + t.code() + " choice for this document ("
                    + laterChoice + ")");
        }
        List<String> codes = new ArrayList<>(document.confidentiality());
        if (!mask) {
            if (maskedAtTheSameInstant) {
                return new EventDecision.Refuse(SAME_INSTANT);
            }
            if (!codes.contains(t.code())) {
                // said as it is: "the flag came with the document" told an auditor the sender had withheld a document
                // stored with N only (round 30, a tester)
                return new EventDecision.Refuse(NOT_MASKED_PREFIX + t.code() + ": nothing to unmask");
            }
            boolean patients = appliedMaskings.stream().map(MaskingRule::target)
                    .anyMatch(m -> m.code().equals(t.code()) && m.documentUid().equals(t.documentUid()))
                    || document.carried().contains(t.code());
            if (!patients) {
                // issue 6 / R6: a flag the document came with is kept; an unmasking undoes a masking only (R13: one made
                // on this version, or on an earlier one and carried here, never a flag this version's sender stated)
                return new EventDecision.Refuse("the " + t.code() + " flag came with the document: kept");
            }
            codes.removeIf(t.code()::equals);
            return new Apply(t.documentUid(), codes.isEmpty() ? List.of(ConfidentialityCodes.NORMAL) : codes, t.code(),
                    "UNMASKED", "unmasked " + t.code());
        }
        if (codes.contains(t.code())) {
            // nothing to add, but the patient's choice is recorded: a new version keeps it (R5, R13, keptOnReplacement)
            return new EventDecision.NoChange(ALREADY + t.code());
        }
        // issue 15 / R6: N, R, V are the document's HL7 confidentiality (codes.md), MASQUE_PS and the others
        // the DMP's visibility: two lists in one field. Masking adds a visibility code; the source's N stays,
        // as every flag the document came with (a masked document is still of normal confidentiality)
        codes.add(t.code());
        return new Apply(t.documentUid(), codes, t.code(), "MASKED", "masked " + t.code());
    }

    /**
     * rules.md R5, R13: the codes a new version keeps from the version it replaces, those the patient's maskings put
     * on a version of the set and the replaced version still holds. The sender's new version restates (and may lift)
     * the flags it set itself, never the patient's choice.
     *
     * @param replacedCodes   the replaced version's codes as stored
     * @param versions        the ids of the set's versions
     * @param appliedMaskings the details of the masking events of the set's versions: those that changed a document,
     *                        and those that asked for a code the document already had (the sender's flag may go
     *                        with the next version; the patient's wish stays)
     */
    public static List<String> keptOnReplacement(List<String> replacedCodes, List<String> versions, List<String> appliedMaskings) {
        List<Target> maskings = appliedMaskings.stream().map(MaskingRule::target).filter(m -> versions.contains(m.documentUid())).toList();
        return replacedCodes.stream().distinct().filter(c -> maskings.stream().anyMatch(m -> m.code().equals(c))).toList();
    }

    /**
     * rules.md R5, R6, R13: of the codes a new version keeps from the patient's maskings, those its sender did not
     * state: the patient may lift these on it, never the sender's own.
     */
    public static List<String> carriedOnto(List<String> kept, List<String> statedBySender) {
        return kept.stream().filter(c -> !statedBySender.contains(c)).toList();
    }
}
