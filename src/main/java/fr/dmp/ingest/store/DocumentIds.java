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
        // one pass over the bytes into the digest: each segment that is not blank, ended by CR (per document, so no
        // decoded copy, no regular expression)
        MessageDigest md = Sha256.digest();
        boolean hl7 = doc.format() == SourceFormat.HL7V2;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i < bytes.length && bytes[i] != '\r' && bytes[i] != '\n') {
                continue;
            }
            if (!blank(bytes, start, i)) {
                if (hl7 && i - start > 3 && bytes[start] == 'M' && bytes[start + 1] == 'S' && bytes[start + 2] == 'H') {
                    withoutSendTime(md, bytes, start, i);
                } else {
                    md.update(bytes, start, i - start);
                }
                md.update((byte) '\r');
            }
            start = i + 1;
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    /** Whether the bytes hold only white space (as {@link String#isBlank} reads them in ISO-8859-1). */
    private static boolean blank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace((char) (bytes[i] & 0xFF))) {
                return false;
            }
        }
        return true;
    }

    /** An MSH segment without MSH-7, the time the message was sent: a retransmission may carry a new one. */
    private static void withoutSendTime(MessageDigest md, byte[] bytes, int from, int to) {
        byte separator = bytes[from + 3];
        int seen = 0;
        for (int i = from + 3; i < to; i++) {
            if (bytes[i] == separator && ++seen == 6) {
                md.update(bytes, from, i + 1 - from); // up to the separator before MSH-7
                int end = i + 1;
                while (end < to && bytes[end] != separator) {
                    end++;
                }
                md.update(bytes, end, to - end); // from the separator after it
                return;
            }
        }
        md.update(bytes, from, to - from); // fewer than seven fields: nothing to leave out
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
