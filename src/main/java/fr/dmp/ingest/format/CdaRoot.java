package fr.dmp.ingest.format;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CDA as senders write it, told from its first bytes: an XML declaration, then blanks, comments and processing
 * instructions (a style sheet), then the root element {@code ClinicalDocument} in the HL7 v3 namespace declared on
 * it (CDA R2, the document's root). Tika finds the same with an XML parser after its magic scan over its whole
 * registry: 430 µs of CPU a 4 KB CDA (round 25, measured), where this takes a few. Strict on purpose: anything it does
 * not read exactly as an XML parser would (a DOCTYPE, an encoding outside the common ones, an entity or a character
 * reference, an attribute it cannot parse, a comment holding "--", UTF-16) is left to Tika, so that it answers
 * "CDA" only where Tika does ({@code FormatDetectorTest} compares them).
 */
final class CdaRoot {

    private static final String HL7_V3 = "urn:hl7-org:v3";
    /** XML 1.0 §2.8: version, then encoding, then standalone, each optional but the version. */
    private static final Pattern DECLARATION = Pattern.compile(
            "<\\?xml[ \\t\\r\\n]+version[ \\t\\r\\n]*=[ \\t\\r\\n]*(\"1\\.[01]\"|'1\\.[01]')"
                    + "(?:[ \\t\\r\\n]+encoding[ \\t\\r\\n]*=[ \\t\\r\\n]*(?:\"([A-Za-z][A-Za-z0-9._-]*)\"|'([A-Za-z][A-Za-z0-9._-]*)'))?"
                    + "(?:[ \\t\\r\\n]+standalone[ \\t\\r\\n]*=[ \\t\\r\\n]*(?:\"(?:yes|no)\"|'(?:yes|no)'))?"
                    + "[ \\t\\r\\n]*\\?>");
    /** Encodings every XML parser reads, in which the markup up to the root is ASCII. */
    private static final Set<String> ENCODINGS = Set.of("utf-8", "iso-8859-1", "iso-8859-15", "windows-1252", "us-ascii");
    private static final Pattern ROOT = Pattern.compile("([A-Za-z_][A-Za-z0-9._-]*:)?ClinicalDocument(?![A-Za-z0-9._:-])");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]*");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "[ \\t\\r\\n]+([A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?)[ \\t\\r\\n]*=[ \\t\\r\\n]*(\"[^\"<&]*\"|'[^'<&]*')");
    /**
     * Magic strings Tika checks before the XML root, with a higher priority (custom-mimetypes.xml's HPRIM markers in
     * the first 8 KB; tika-mimetypes.xml's TMX in the first 256 bytes): found by the round 25 review.
     */
    private static final java.util.List<String> OUTRANKING = java.util.List.of("****LAB****", "****FINLAB****",
            "****FIN****", "****FINFICHIER****", "\nRES|", "\nTEX|", "\rRES|", "\rTEX|", "<tmx");
    /** How far the root's start tag is looked for: a declaration, a style sheet and a comment are short. */
    private static final int HEAD = 8192;

    private CdaRoot() {
    }

    /** Whether the bytes start as a CDA R2 document whose root Tika too would find to be a {@code ClinicalDocument}. */
    static boolean starts(byte[] bytes) {
        int n = Math.min(bytes.length, HEAD);
        int i = n >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        for (int k = i; k < n; k++) {
            int b = bytes[k] & 0xFF;
            if ((b < 0x20 && b != '\t' && b != '\r' && b != '\n') || b == 0x7F) {
                return false; // a NUL (UTF-16 without its mark) or a control character: the parser's business
            }
        }
        String head = new String(bytes, i, n - i, StandardCharsets.ISO_8859_1);
        for (String magic : OUTRANKING) {
            if (head.indexOf(magic, 0) >= 0 && (!magic.equals("<tmx") || head.indexOf(magic) < 256)) {
                return false; // a magic Tika ranks above the XML root (HPRIM's markers, a TMX): Tika decides
            }
        }
        Matcher declaration = DECLARATION.matcher(head);
        if (!declaration.lookingAt()) {
            return false;
        }
        String encoding = declaration.group(2) != null ? declaration.group(2) : declaration.group(3);
        if (encoding != null && !ENCODINGS.contains(encoding.toLowerCase(Locale.ROOT))) {
            return false;
        }
        int p = declaration.end();
        while (p < head.length()) { // XML 1.0 §2.8 Misc: blanks, comments, processing instructions
            char c = head.charAt(p);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                p++;
            } else if (head.startsWith("<!--", p)) {
                int end = head.indexOf("-->", p + 4);
                if (end < 0 || head.substring(p + 4, end).contains("--") || head.charAt(end - 1) == '-') {
                    return false;
                }
                p = end + 3;
            } else if (head.startsWith("<?", p)) {
                Matcher target = NAME.matcher(head).region(p + 2, head.length());
                int end = head.indexOf("?>", p + 2);
                if (!target.lookingAt() || target.group().equalsIgnoreCase("xml") || end < 0
                        || !(head.startsWith("?>", target.end()) || " \t\r\n".indexOf(head.charAt(target.end())) >= 0)) {
                    return false; // XML 1.0 §2.6: the target, then a blank or the end
                }
                p = end + 2;
            } else {
                break;
            }
        }
        int end = rootTagEnd(head, p);
        return end > 0 && readsAlike(bytes, i, i + end, encoding);
    }

    /**
     * Whether the bytes up to the root's start tag decode in the declared encoding (UTF-8 when none) to characters an
     * XML 1.0 parser takes without a word: ASCII, or letters of the declared encoding; C1 controls, U+FFFE/U+FFFF and
     * malformed UTF-8 are left to the parser.
     */
    private static boolean readsAlike(byte[] bytes, int from, int to, String encoding) {
        boolean ascii = true;
        for (int k = from; k < to; k++) {
            ascii &= bytes[k] >= 0;
        }
        if (ascii) {
            return true;
        }
        java.nio.charset.Charset charset;
        if (encoding == null || encoding.equalsIgnoreCase("utf-8")) {
            charset = StandardCharsets.UTF_8;
        } else if (encoding.equalsIgnoreCase("iso-8859-1")) {
            charset = StandardCharsets.ISO_8859_1;
        } else {
            return false;
        }
        String text;
        try {
            text = charset.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if ((c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where the start tag at {@code p} ends when it is {@code ClinicalDocument} with its prefix (or none) bound to the
     * HL7 v3 namespace on it, else -1.
     */
    private static int rootTagEnd(String head, int p) {
        if (!head.startsWith("<", p)) {
            return -1;
        }
        Matcher name = ROOT.matcher(head).region(p + 1, head.length());
        if (!name.lookingAt()) {
            return -1;
        }
        String prefix = name.group(1) == null ? "" : name.group(1).substring(0, name.group(1).length() - 1);
        Matcher attribute = ATTRIBUTE.matcher(head);
        int q = name.end();
        Set<String> seen = new HashSet<>();
        Set<String> declared = new HashSet<>(Set.of("xml"));
        Set<String> used = new HashSet<>();
        java.util.Map<String, String> namespaces = new java.util.HashMap<>();
        String namespace = null;
        while (true) {
            attribute.region(q, head.length());
            if (!attribute.lookingAt()) {
                break;
            }
            String attributeName = attribute.group(1);
            if (!seen.add(attributeName)) {
                return -1; // a repeated attribute: not well-formed
            }
            String value = attribute.group(2).substring(1, attribute.group(2).length() - 1);
            if (prefix.isEmpty() ? attributeName.equals("xmlns") : attributeName.equals("xmlns:" + prefix)) {
                namespace = value;
            }
            int colon = attributeName.indexOf(':');
            if (attributeName.startsWith("xmlns:")) {
                String bound = attributeName.substring(6);
                if (value.isEmpty() || bound.equalsIgnoreCase("xml") || bound.equalsIgnoreCase("xmlns")) {
                    return -1; // Namespaces in XML 1.0 §3: an error for the parser
                }
                declared.add(bound);
                namespaces.put(bound, value);
            } else if (colon > 0) {
                used.add(attributeName.substring(0, colon));
            }
            q = attribute.end();
        }
        if (!declared.containsAll(used)) {
            return -1; // an attribute whose prefix the root does not bind: a namespace error for the parser
        }
        if (used.size() > 1 && namespaces.values().stream().distinct().count() < namespaces.size()) {
            return -1; // two prefixes for one namespace: the same attribute twice is possible, the parser's business
        }
        while (q < head.length() && (head.charAt(q) == ' ' || head.charAt(q) == '\t' || head.charAt(q) == '\r' || head.charAt(q) == '\n')) {
            q++;
        }
        int close = head.startsWith(">", q) ? q + 1 : head.startsWith("/>", q) ? q + 2 : -1;
        return close > 0 && HL7_V3.equals(namespace) ? close : -1;
    }
}
