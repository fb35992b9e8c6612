package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.Traits;

/** A patient's dossier as linking needs it: one per INS (rules.md R1), its identity and its state. */
public record Dossier(long id, Ins ins, Traits traits, DossierStatus status) {
    @Override
    public String toString() {
        return "Dossier[" + id + ", " + ins.masked() + ", " + status + "]";
    }
}
