package fr.dmp.ingest.link;

/**
 * What a rule decides for a patient event (rules.md R5, R6, R9, R12, identity, merge): apply it — each
 * rule's {@link Apply} says what to write and what the patient sees in the audit (R7) —, change nothing,
 * wait for the document it names, or refuse it. Pure: the store reads the rows a rule needs, calls it, and writes what it decided.
 */
public sealed interface EventDecision {

    /** The event changes the dossier; the rule's record holds what to write, the audit and the outcome. */
    non-sealed interface Apply extends EventDecision {
    }

    /** Nothing to change (already so): applying an event twice changes nothing; {@code why} may be null. */
    record NoChange(String why) implements EventDecision {
        public String outcome() {
            return why == null ? "no change" : "no change: " + why;
        }
    }

    /** The event is older than the last change it would undo. */
    record Superseded(String why) implements EventDecision {
    }

    /**
     * The event names a document its dossier does not hold yet: it waits for it, and applies when the document is stored
     * (the events feed runs before the document feeds of the same night: rules.md R5).
     */
    record Waiting(String why) implements EventDecision {
        /** Why a masking, unmasking or deletion still waits: the outcome its event keeps until the document comes. */
        public static final String WAITING_FOR_DOCUMENT = "waiting for its document, not stored in the dossier yet";
        public static final Waiting FOR_DOCUMENT = new Waiting(WAITING_FOR_DOCUMENT);
    }

    /** The event cannot apply; {@code why} never names the patient (INS masked, no traits). */
    record Refuse(String why) implements EventDecision {
    }
}
