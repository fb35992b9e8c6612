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
        if (bytes != null && doc.format() == SourceFormat.PDF) {
            int end = pdfEnd(bytes);
            return end == bytes.length ? doc.content().sha256() : Sha256.hex(java.util.Arrays.copyOf(bytes, end));
        }
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

    /**
     * Where a PDF ends for its identity: after its last {@code %%EOF} and the line end that follows it, when only padding
     * comes after (line ends, blanks, NUL, a DOS end-of-file): a transfer that adds a CRLF or pads to a block stored the
     * same letter a second time (round 33, a tester). Any other PDF keeps all its bytes, so that its id is as before.
     */
    static int pdfEnd(byte[] b) {
        int from = Math.max(0, b.length - 4096);
        int eof = -1;
        for (int i = b.length - 5; i >= from && eof < 0; i--) {
            if (b[i] == '%' && b[i + 1] == '%' && b[i + 2] == 'E' && b[i + 3] == 'O' && b[i + 4] == 'F') {
                eof = i + 5;
            }
        }
        if (eof < 0) {
            return b.length;
        }
        int cut = eof;
        if (cut < b.length && b[cut] == '\r') {
            cut++;
        }
        if (cut < b.length && b[cut] == '\n') {
            cut++;
        }
        for (int i = cut; i < b.length; i++) {
            if (b[i] != 0 && b[i] != '\r' && b[i] != '\n' && b[i] != ' ' && b[i] != '\t' && b[i] != '\f' && b[i] != 0x1A) {
                return b.length;
            }
        }
        return cut;
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
     * The document set that versions share (rules.md R13): the CDA setId; for an HL7 or HPRIM lab report, the
     * sender's order number and the tests it reports (OBR-4, HPRIM OBR.5; a preliminary result and its final, or a
     * correction of the same tests, are versions of one report, while the chemistry sent after the blood count of the
     * same request is another report: versioned by the order alone, it had put the blood count out of the record);
     * otherwise the document alone. A replacement takes its target's set when stored.
     */
    public static String setOf(DocumentMeta meta, String uid) {
        if (meta.setId() != null) {
            return meta.setId();
        }
        String order = labOrderOf(meta);
        if (order != null) {
            String tests = tests(meta);
            return tests.isEmpty() ? order : order + TESTS + tests;
        }
        return uid;
    }

    /** The lab order all reports of one order share (their sets add the tests), or null when not a lab report's. */
    public static String labOrderOf(DocumentMeta meta) {
        if (meta.setId() == null && meta.orderId() != null && (meta.senderApp() != null || meta.senderFacility() != null)) {
            // '|' and '%' escaped in each part: an order number holding "|tests:" (an HL7 \F\ escape) was another
            // order's report of those tests (round 26, a tester)
            return "hl7-order:" + escaped(sender(meta.senderFacility())) + "|" + escaped(sender(meta.senderApp())) + "|"
                    + escaped(meta.orderId());
        }
        return null;
    }

    /** Blanks, the no-break ones too (U+00A0, U+2007, U+202F: a round-35 attacker's MSH-4 "LAB75&nbsp;LABORATOIRE"). */
    private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("[ \\t\\n\\r\\f\\x0B\\u00A0\\u2007\\u202F]+");
    /** Letters put in capitals, French accented ones too ("Hôpital" and "HÔPITAL"): the same lists as V55's translate. */
    static final String LOWER = "abcdefghijklmnopqrstuvwxyzàâäáãåçéèêëíìîïñóòôöõúùûüýÿæœ";
    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸÆŒ";

    /**
     * A sender's name as a lab order's key holds it: blanks collapsed, letters in capitals (V55: no-break blanks and French
     * accented letters too). A laboratory whose software
     * wrote "LAB75 LABORATOIRE DES LILAS" one day and "LAB75 Laboratoire des Lilas" (or its code padded to ten columns)
     * another had two current versions of one report, and its corrections refused (round 35, a tester). V52 keyed the
     * orders stored before the same way (the same characters, in SQL).
     */
    static String sender(String name) {
        String collapsed = BLANKS.matcher(nz(name)).replaceAll(" ");
        int from = 0;
        int to = collapsed.length();
        while (from < to && collapsed.charAt(from) == ' ') {
            from++;
        }
        while (to > from && collapsed.charAt(to - 1) == ' ') {
            to--;
        }
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = collapsed.charAt(i);
            int lower = LOWER.indexOf(c);
            out.append(lower >= 0 ? UPPER.charAt(lower) : c);
        }
        return out.toString();
    }

    private static String escaped(String part) {
        return part.replace("%", "%25").replace("|", "%7C");
    }

    private static final String TESTS = "|tests:";
    /** Past this, the tests are named by a hash: a set id stays short, and such a set is only found by its id. */
    private static final int MAX_TESTS_CHARS = 200;

    /** The sorted, distinct codes of the tests a lab report states, each with ',' '|' '%' escaped, joined by ','. */
    private static String tests(DocumentMeta meta) {
        java.util.TreeSet<String> codes = new java.util.TreeSet<>();
        for (fr.dmp.ingest.format.TypeHint h : meta.typeHints()) {
            if (("hl7:OBR-4".equals(h.evidence()) || "hprim:OBR.5".equals(h.evidence())) && h.code() != null
                    && !h.code().isBlank()) {
                codes.add(h.code().strip().replace("%", "%25").replace(",", "%2C").replace("|", "%7C"));
            }
        }
        String joined = String.join(",", codes);
        return joined.length() <= MAX_TESTS_CHARS ? joined
                : "sha256:" + Sha256.hex(joined.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    /** The tests a lab report's set names ({@link #setOf}), empty when it names none or names them by a hash. */
    static java.util.Set<String> testsOfSet(String setId) {
        int at = setId == null ? -1 : setId.lastIndexOf(TESTS);
        if (at < 0 || setId.startsWith("sha256:", at + TESTS.length())) {
            return java.util.Set.of();
        }
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String code : setId.substring(at + TESTS.length()).split(",")) {
            out.add(code.replace("%7C", "|").replace("%2C", ",").replace("%25", "%"));
        }
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
