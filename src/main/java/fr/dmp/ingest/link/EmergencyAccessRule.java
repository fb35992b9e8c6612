package fr.dmp.ingest.link;

import fr.dmp.ingest.format.events.DossierEvent;

/** rules.md R12: the patient's opposition to break-glass access, kept as a dossier attribute. */
public final class EmergencyAccessRule {

    private EmergencyAccessRule() {
    }

    /** Set the dossier's {@code emergency_access_opposed} to {@code opposed}. */
    public record Apply(boolean opposed, String auditDetail, String outcome) implements EventDecision.Apply {
    }

    /**
     * @param e              an {@code emergency-opposition} or {@code emergency-authorisation} event
     * @param opposedNow     whether the dossier records an opposition today
     */
    public static EventDecision decide(DossierEvent e, boolean opposedNow) {
        return decide(e, opposedNow, null);
    }

    /**
     * @param lastChangeAt the time of the last break-glass event that changed the dossier, or null: an older event is
     *                     superseded (events apply in the order of their time, also across runs): a lift of the 28th
     *                     read after an opposition of the 30th allowed break-glass access (round 31, a tester)
     */
    public static EventDecision decide(DossierEvent e, boolean opposedNow, java.time.Instant lastChangeAt) {
        if (lastChangeAt != null && e.at().isBefore(lastChangeAt)) {
            return new EventDecision.Superseded("older than the last break-glass change (" + lastChangeAt + ")");
        }
        boolean opposed = switch (e.kind()) {
            case EMERGENCY_OPPOSITION -> true;
            case EMERGENCY_AUTHORISATION -> false;
            default -> throw new IllegalArgumentException("not an emergency-access event: " + e.kind());
        };
        if (opposed == opposedNow) {
            return new EventDecision.NoChange(null);
        }
        return opposed ? new Apply(true, "break-glass access opposed", "emergency access opposed")
                : new Apply(false, "break-glass access allowed", "emergency access allowed");
    }
}
