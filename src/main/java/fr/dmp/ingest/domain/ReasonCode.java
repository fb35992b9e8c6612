package fr.dmp.ingest.domain;

/**
 * Why an item or a file was quarantined. An API: add codes, never rename or reuse one
 * (shared/domain/reasons.md).
 */
public enum ReasonCode {
    FORMAT_UNSUPPORTED,
    FORMAT_CORRUPT,
    PDF_ENCRYPTED,
    TOO_LARGE,
    UNSAFE_CONTENT,
    ENCODING_INVALID,
    INS_MISSING,
    INS_INVALID,
    INS_UNKNOWN_OID,
    IDENTITY_NOT_QUALIFIED,
    IDENTITY_MISMATCH,
    DOSSIER_UNKNOWN,
    DOSSIER_CLOSED,
    PATIENT_DECEASED,
    DOSSIER_OPPOSITION,
    METADATA_MISSING,
    DATE_INVALID,
    TYPE_UNKNOWN,
    VERSION_CONFLICT,
    /** A metadata value outside its code list (a confidentiality code not in codes.md); added, as reasons.md allows. */
    METADATA_INVALID,
    INTERNAL_ERROR
}
