package fr.dmp.ingest.format;

/**
 * One patient identifier as found in the source (a PID-3 repetition, a CDA patientRole/id, a sidecar
 * entry): the value, the OID of its assigning authority and its identifier type code when given.
 */
public record PatientIdentifier(String value, String oid, String typeCode) {
    @Override
    public String toString() {
        return "PatientIdentifier[" + fr.dmp.ingest.domain.Ins.mask(value) + ", " + oid + ", " + typeCode + "]";
    }
}
