package fr.dmp.ingest.classify;

/**
 * A DMP document type (typeCode) with the class it belongs to (codes.md).
 *
 * @param system     LOINC or TRE_A05
 * @param systemOid  the code system's OID
 */
public record DocumentType(String code, String system, String systemOid, String display, String classCode) {
}
