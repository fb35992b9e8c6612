package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.InsOid;
import fr.dmp.ingest.format.events.DossierEvent;

/**
 * ADT A40 (rules.md R1, R7): the merged dossier's documents move under the surviving one, the merged
 * dossier leads to it from then on, and both keep the trace. The event's detail is {@code <INS>^<OID>}
 * of the merged patient.
 */
public final class MergeRule {

    private MergeRule() {
    }

    /** Move the documents of dossier {@code merged} under {@code surviving}; the audit says how many moved. */
    public record Apply(long surviving, long merged) implements EventDecision.Apply {
        public String survivingAudit(int moved) {
            return moved + " documents from dossier " + merged;
        }

        public String mergedAudit() {
            return "merged into dossier " + surviving;
        }

        public String outcome(int moved) {
            return "merged " + moved + " documents";
        }
    }

    /** The INS of the merged patient a {@code merge} event names. */
    public static Ins mergedIns(DossierEvent e) {
        String[] parts = e.detail().split("\\^", 2);
        return new Ins(parts[0], InsOid.fromOid(parts[1]).orElseThrow());
    }

    /**
     * @param e         a {@code merge} event
     * @param surviving the id of the event's dossier (the one a merged dossier leads to)
     * @param merged    the id of the merged INS's dossier (the one it leads to, once merged), or null when it has none
     */
    public static EventDecision decide(DossierEvent e, long surviving, Long merged) {
        if (merged == null) {
            return new EventDecision.Refuse("no dossier for the merged INS " + mergedIns(e).masked());
        }
        if (merged == surviving) {
            return new EventDecision.NoChange("already merged");
        }
        return new Apply(surviving, merged);
    }
}
