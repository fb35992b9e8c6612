package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.Traits;

import java.util.Set;

/**
 * A patient's dossier as linking needs it: one per INS (rules.md R1), its identity, its state and the
 * patient's oppositions to being fed (R9): by source organisation (FINESS), or by all ({@code *}).
 */
public record Dossier(long id, Ins ins, Traits traits, DossierStatus status, Set<String> opposedSources) {

    public static final String ALL_SOURCES = "*";

    public Dossier {
        opposedSources = Set.copyOf(opposedSources);
    }

    public Dossier(long id, Ins ins, Traits traits, DossierStatus status) {
        this(id, ins, traits, status, Set.of());
    }

    public boolean opposes(String sourceFiness) {
        return opposedSources.contains(ALL_SOURCES) || opposedSources.contains(sourceFiness);
    }

    @Override
    public String toString() {
        return "Dossier[" + id + ", " + ins.masked() + ", " + status + "]";
    }
}
