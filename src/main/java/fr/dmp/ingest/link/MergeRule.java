package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.InsOid;
import fr.dmp.ingest.format.events.DossierEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ADT A40 (rules.md R1, R7): the merged dossier's documents move under the surviving one, the merged
 * dossier leads to it from then on, and both keep the trace. The event's detail is {@code <INS>^<OID>}
 * of the merged patient.
 * <p>
 * Both dossiers are the same patient's, so the surviving one takes the stricter of their rights (issue 15):
 * <ul>
 *   <li>an opposition active on either holds (R9), and so does an opposition to break-glass access (R12);</li>
 *   <li>a deceased patient stays deceased (R4), the earlier death recorded;</li>
 *   <li>closed against open: the patient's newest choice wins (R3). A closing the patient made on the
 *       merged identity closes the surviving dossier, unless the surviving one was <em>reopened</em> after
 *       that closing: a reopening is also the patient's express choice, and the newer one. A dossier open
 *       since it was created (no change of state) never outweighs a closing. Both closed: the later
 *       closing and its longer retention hold, so that nothing is deleted before either said.</li>
 * </ul>
 */
public final class MergeRule {

    private MergeRule() {
    }

    /** One of the two dossiers as stored: its state, its opposition to break-glass access, its oppositions by source. */
    public record Side(long id, DossierLifecycle.State state, boolean emergencyAccessOpposed,
                       Map<String, OppositionRule.Current> oppositions, fr.dmp.ingest.domain.Traits traits) {
        public Side {
            oppositions = Map.copyOf(oppositions);
        }

        /** A side whose identity traits are not compared (null). */
        public Side(long id, DossierLifecycle.State state, boolean emergencyAccessOpposed,
                    Map<String, OppositionRule.Current> oppositions) {
            this(id, state, emergencyAccessOpposed, oppositions, null);
        }
    }

    /** An opposition the surviving dossier takes from the merged one (active since {@code changedAt}). */
    public record TakenOpposition(String source, Instant changedAt) {
    }

    /**
     * Move the documents of dossier {@code merged} under {@code surviving}; the surviving dossier takes
     * {@code state} (null: its own stays), the oppositions listed and the break-glass opposition when
     * {@code takesEmergencyOpposition}; the audit says what moved and what was taken, on both.
     */
    public record Apply(long surviving, long merged, DossierLifecycle.State state, String stateAudit,
                        List<TakenOpposition> oppositions, boolean takesEmergencyOpposition) implements EventDecision.Apply {
        public Apply {
            oppositions = List.copyOf(oppositions);
        }

        public Apply(long surviving, long merged) {
            this(surviving, merged, null, null, List.of(), false);
        }

        public String survivingAudit(int moved) {
            return moved + " documents from dossier " + merged + taken();
        }

        public String mergedAudit() {
            return "merged into dossier " + surviving + taken();
        }

        public String outcome(int moved) {
            return "merged " + moved + " documents" + taken();
        }

        /** What the surviving dossier took from the merged one, as the audit shows it (no patient data). */
        private String taken() {
            List<String> what = new ArrayList<>();
            if (state != null) {
                what.add(state.status().name());
            }
            oppositions.forEach(o -> what.add("opposition " + o.source()));
            if (takesEmergencyOpposition) {
                what.add("break-glass opposition");
            }
            return what.isEmpty() ? "" : "; surviving dossier takes " + String.join(", ", what);
        }
    }

    /** The INS of the merged patient a {@code merge} event names. */
    public static Ins mergedIns(DossierEvent e) {
        String[] parts = e.detail().split("\\^", 2);
        return new Ins(parts[0], InsOid.fromOid(parts[1]).orElseThrow());
    }

    /**
     * @param e         a {@code merge} event
     * @param surviving the event's dossier (the one a merged dossier leads to)
     * @param merged    the merged INS's dossier (the one it leads to, once merged), or null when it has none
     */
    public static EventDecision decide(DossierEvent e, Side surviving, Side merged) {
        if (merged == null) {
            return new EventDecision.Refuse("no dossier for the merged INS " + mergedIns(e).masked());
        }
        if (merged.id() == surviving.id()) {
            return new EventDecision.NoChange("already merged");
        }
        if (surviving.state().status() == DossierStatus.DELETED || merged.state().status() == DossierStatus.DELETED) {
            // R15: a deleted dossier has nothing left and never comes back: merged into, it took the other's documents
            // (still current, their kept files still opening); merged away, its INS's documents would follow to the
            // survivor (round 27, a tester). Two identities of one patient, one deleted: a person decides
            return new EventDecision.Refuse("a dossier deleted at the patient's request is never merged (R15)");
        }
        if (surviving.traits() != null && merged.traits() != null) {
            // ins.md: two dossiers are one patient's only if their identities agree as a document's must (round 28, a
            // tester: an A40 whose PID was the survivor's own moved another person's documents into that dossier); a
            // person decides: identity vigilance corrects one identity (A31, dossier correct-identity), then the merge
            // both ways: a dossier opened from a document naming one first name and one with the whole list are one
            // person (a document may name fewer first names than its dossier; a review: refused in one direction)
            List<String> mismatches = TraitComparison.mismatches(merged.traits(), surviving.traits());
            if (!mismatches.isEmpty() && !TraitComparison.mismatches(surviving.traits(), merged.traits()).isEmpty()) {
                return new EventDecision.Refuse(fr.dmp.ingest.domain.ReasonCode.IDENTITY_MISMATCH.name() + ": dossier "
                        + merged.id() + " to merge and dossier " + surviving.id() + " hold different identities: "
                        + String.join(", ", mismatches));
            }
        }
        DossierLifecycle.State state = stricter(surviving.state(), merged.state());
        if (state != null && surviving.state().stateChangedAt() != null
                && (state.stateChangedAt() == null || surviving.state().stateChangedAt().isAfter(state.stateChangedAt()))) {
            // an event older than either dossier's last change of state stays superseded
            state = new DossierLifecycle.State(state.status(), surviving.state().stateChangedAt(), state.retentionUntil(),
                    state.closedAt(), state.deceasedAt());
        }
        List<TakenOpposition> taken = new ArrayList<>();
        for (var o : new TreeMap<>(merged.oppositions()).entrySet()) {
            OppositionRule.Current mine = surviving.oppositions().get(o.getKey());
            if (o.getValue().active() && (mine == null || !mine.active())) {
                // R9: the opposition holds; dated the later of the two so that neither side's older event undoes it
                Instant at = mine == null || o.getValue().changedAt().isAfter(mine.changedAt()) ? o.getValue().changedAt() : mine.changedAt();
                taken.add(new TakenOpposition(o.getKey(), at));
            }
        }
        boolean emergency = merged.emergencyAccessOpposed() && !surviving.emergencyAccessOpposed();
        return new Apply(surviving.id(), merged.id(), state, state == null ? null : auditOf(state.status()), taken, emergency);
    }

    /** The surviving dossier's new state, or null when its own is the stricter (rules.md R3, R4). */
    static DossierLifecycle.State stricter(DossierLifecycle.State mine, DossierLifecycle.State other) {
        if (mine.status() == DossierStatus.DECEASED) {
            return other.status() == DossierStatus.DECEASED && other.deceasedAt().isBefore(mine.deceasedAt()) ? other : null;
        }
        if (other.status() == DossierStatus.DECEASED) {
            return other; // R4: a death recorded on either identity closes the dossier for good
        }
        if (other.status() != DossierStatus.CLOSED) {
            return null; // the merged one is open: the surviving dossier keeps its own state
        }
        if (mine.status() == DossierStatus.CLOSED) {
            return mine.retentionUntil().isBefore(other.retentionUntil()) ? other : null; // the later closing holds
        }
        // mine is OPEN, the other CLOSED: only a reopening after that closing outweighs it
        boolean reopenedAfter = mine.stateChangedAt() != null && other.closedAt() != null
                && mine.stateChangedAt().isAfter(other.closedAt());
        return reopenedAfter ? null : other;
    }

    private static String auditOf(DossierStatus s) {
        return s == DossierStatus.DECEASED ? "DEATH" : "CLOSED";
    }
}
