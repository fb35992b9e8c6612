package fr.dmp.ingest.store;

import fr.dmp.ingest.format.DocumentMeta;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.domain.Sha256;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The document's unique id (CI-SIS uniqueId). A source that names its document (CDA id, TXA-12)
 * keeps its id; an HL7 result message gets an OID under {@code 2.25} derived from the sender, the
 * sender's message control id and the content hash, so that the same message ingested twice has the
 * same id and is stored once. For an HL7 or HPRIM message the hash is of its segments as the standard reads them,
 * not of its transport bytes: a retransmission with CRLF or LF for CR, a line end more, or a new MSH-7 (an interface
 * engine's send time) is the same message (round 9: such resends were stored as new versions of the order).
 */
public final class DocumentIds {

    private DocumentIds() {
    }

    public static String of(SourceDocument doc) {
        return of(doc.meta(), identityHash(doc));
    }

    /** Whether the document's id is derived here from its content rather than given by the source. */
    public static boolean derived(SourceDocument doc) {
        return doc.meta().documentId() == null;
    }

    /** The hash the derived id is built from: of the message's segments for HL7 and HPRIM, else of the bytes. */
    static String identityHash(SourceDocument doc) {
        byte[] bytes = doc.content().bytes();
        if (bytes == null || (doc.format() != SourceFormat.HL7V2 && doc.format() != SourceFormat.HPRIM)) {
            return doc.content().sha256();
        }
        // ISO-8859-1 maps every byte to one char and back: the segments keep the bytes the sender wrote
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        StringBuilder canonical = new StringBuilder(text.length());
        for (String segment : text.split("\r\n|\r|\n")) {
            if (segment.isBlank()) {
                continue;
            }
            if (doc.format() == SourceFormat.HL7V2 && segment.startsWith("MSH") && segment.length() > 3) {
                segment = withoutSendTime(segment);
            }
            canonical.append(segment).append('\r');
        }
        return Sha256.hex(canonical.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** MSH-7, the time the message was sent: a retransmission may carry a new one. */
    private static String withoutSendTime(String msh) {
        String separator = String.valueOf(msh.charAt(3));
        String[] fields = msh.split(java.util.regex.Pattern.quote(separator), -1);
        if (fields.length > 6) {
            fields[6] = "";
        }
        return String.join(separator, fields);
    }

    public static String of(DocumentMeta meta, String contentSha256) {
        if (meta.documentId() != null) {
            return meta.documentId();
        }
        MessageDigest md = Sha256.digest();
        md.update(nz(meta.senderApp()).getBytes(StandardCharsets.UTF_8));
        md.update((byte) '|');
        md.update(nz(meta.senderFacility()).getBytes(StandardCharsets.UTF_8));
        md.update((byte) '|');
        md.update(nz(meta.messageId()).getBytes(StandardCharsets.UTF_8));
        md.update((byte) '|');
        md.update(contentSha256.getBytes(StandardCharsets.US_ASCII));
        byte[] uuid = Arrays.copyOf(md.digest(), 16);
        uuid[6] = (byte) ((uuid[6] & 0x0f) | 0x50); // RFC 4122 name-based layout (version 5 style)
        uuid[8] = (byte) ((uuid[8] & 0x3f) | 0x80);
        return "2.25." + new BigInteger(1, uuid);
    }

    /**
     * The document set that versions share (rules.md R13): the CDA setId; for an HL7 lab report, the
     * sender's order number (a corrected result, status C, replaces the earlier one of the same order);
     * otherwise the document alone. A replacement takes its target's set when stored.
     */
    public static String setOf(DocumentMeta meta, String uid) {
        if (meta.setId() != null) {
            return meta.setId();
        }
        if (meta.orderId() != null && (meta.senderApp() != null || meta.senderFacility() != null)) {
            return "hl7-order:" + nz(meta.senderFacility()) + "|" + nz(meta.senderApp()) + "|" + meta.orderId();
        }
        return uid;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
