package fr.dmp.ingest.store;

import fr.dmp.ingest.format.SourceDocument;

/**
 * The CI-SIS formatCode of a stored document (codes.md). HL7 v2 and HPRIM lab reports are stored as
 * received, not turned into a CR-BIO CDA, so they carry none: their source format is recorded instead.
 */
final class FormatCodes {

    private FormatCodes() {
    }

    static String of(SourceDocument doc) {
        return switch (doc.format()) {
            case PDF -> "urn:ihe:iti:xds-sd:pdf:2008";
            case HL7V2, HPRIM, CDA -> null;
        };
    }
}
