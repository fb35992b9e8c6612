package fr.dmp.ingest.format;

import java.time.Instant;
import java.util.List;

/**
 * Document metadata as found in the source (CI-SIS names where they exist).
 *
 * @param documentId       the source's unique id for the document, or null (then derived from content)
 * @param setId            document set (versions share it), or null
 * @param version          version number within the set, or null
 * @param replacesId       unique id of the document this one replaces (R13), or null
 * @param typeHints        what the source says the document is, strongest first
 * @param authorOrg        FINESS (or other id) of the author institution, or null
 * @param creationTime     when the document was created, or null (see the reader's problems)
 * @param confidentiality  confidentiality codes carried by the source (R6), never dropped
 * @param senderApp        sending application
 * @param senderFacility   sending facility
 * @param messageId        the sender's message control id (HL7 MSH-10), or null
 * @param resultStatus     the report's status (HL7 OBR-25: F final, C corrected, P preliminary)
 * @param orderId          the order number a correction refers to (filler or placer order number)
 */
public record DocumentMeta(
        String documentId,
        String setId,
        Integer version,
        String replacesId,
        List<TypeHint> typeHints,
        String title,
        String authorOrg,
        Instant creationTime,
        List<String> confidentiality,
        String senderApp,
        String senderFacility,
        String messageId,
        String resultStatus,
        String orderId,
        Instant messageTime) {

    public DocumentMeta {
        typeHints = typeHints == null ? List.of() : List.copyOf(typeHints);
        confidentiality = confidentiality == null ? List.of() : List.copyOf(confidentiality);
    }

    /** Metadata without a message time (HL7 MSH-7): all but an HL7 lab report's. */
    public DocumentMeta(String documentId, String setId, Integer version, String replacesId, List<TypeHint> typeHints,
                        String title, String authorOrg, Instant creationTime, List<String> confidentiality, String senderApp,
                        String senderFacility, String messageId, String resultStatus, String orderId) {
        this(documentId, setId, version, replacesId, typeHints, title, authorOrg, creationTime, confidentiality, senderApp,
                senderFacility, messageId, resultStatus, orderId, null);
    }

    /** Ids and codes only: the title and dates may describe the patient's care. */
    @Override
    public String toString() {
        return "DocumentMeta[" + documentId + ", set " + setId + ", v" + version + ", replaces " + replacesId + ", "
                + typeHints.size() + " type hints, " + confidentiality + "]";
    }
}
