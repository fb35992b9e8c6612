package fr.dmp.ingest.format;

import fr.dmp.ingest.domain.Traits;

import java.util.List;

/**
 * The patient as the source names it, before any check: identifiers, the identity status it states
 * (raw, null when it states none) and the identity traits.
 */
public record PatientRef(List<PatientIdentifier> identifiers, String statedStatus, Traits traits) {
    public PatientRef {
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
        traits = traits == null ? Traits.none() : traits;
    }

    @Override
    public String toString() {
        return "PatientRef[" + identifiers + ", status " + statedStatus + "]";
    }
}
