package fr.dmp.ingest.format.hl7;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the raw bytes of an HL7 v2 file into messages, before any decoding (a file may mix
 * character sets, one per message's MSH-18). Segments end with CR, LF or CRLF; each message starts
 * with MSH; the batch envelope FHS/BHS/BTS/FTS is dropped (formats.md). The MLLP frame bytes that a
 * listener dumping its frames leaves ({@code VT} before a message, {@code FS CR} after it: HL7 v2
 * Implementation Guide, MLLP) and a DOS end-of-file {@code SUB} are transport, not message: they end a
 * segment and are never part of a slice.
 */
public final class Hl7Messages {

    private Hl7Messages() {
    }

    /** A message's bytes within the file, as [start, end) of its segments (separators kept). */
    public record Slice(int start, int end, boolean startsWithMsh) {
        public int length() {
            return end - start;
        }
    }

    public static List<Slice> split(byte[] bytes) {
        return split(bytes, bytes.length);
    }

    /**
     * Where the last message of {@code bytes[0, length)} starts, or 0 when it holds only one: what a
     * reader of a large file keeps for its next window (that message may continue beyond).
     */
    public static int lastMessageStart(byte[] bytes, int length) {
        List<Slice> slices = split(bytes, length);
        return slices.size() < 2 ? 0 : slices.get(slices.size() - 1).start();
    }

    /** The messages of {@code bytes[0, length)}. */
    public static List<Slice> split(byte[] bytes, int length) {
        // NUL bytes after the last segment: an export padded to its block size (found by an independent writer), transport
        while (length > 0 && bytes[length - 1] == 0) {
            length--;
        }
        int pos = 0;
        if (length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            pos = 3;
        }
        List<Slice> slices = new ArrayList<>();
        int msgStart = -1;
        boolean msgIsMsh = false;
        int lastEnd = pos;
        while (pos < length) {
            while (pos < length && isFrame(bytes[pos])) {
                pos++;
            }
            int segEnd = pos;
            while (segEnd < length && bytes[segEnd] != '\r' && bytes[segEnd] != '\n' && !isFrame(bytes[segEnd])) {
                segEnd++;
            }
            int next = segEnd;
            while (next < length && (bytes[next] == '\r' || bytes[next] == '\n')) {
                next++;
            }
            if (segEnd > pos && msgStart < 0 && blank(bytes, pos, segEnd)) {
                pos = next; // a line of blanks before the first message is no item (FormatDetector reads past it too)
                continue;
            }
            if (segEnd > pos) {
                if (isSegment(bytes, pos, segEnd, "MSH")) {
                    if (msgStart >= 0) {
                        slices.add(new Slice(msgStart, lastEnd, msgIsMsh));
                    }
                    msgStart = pos;
                    msgIsMsh = true;
                } else if (isEnvelope(bytes, pos, segEnd)) {
                    if (msgStart >= 0) {
                        slices.add(new Slice(msgStart, lastEnd, msgIsMsh));
                        msgStart = -1;
                    }
                } else if (msgStart < 0) {
                    msgStart = pos; // content before any MSH: an item that is not a message
                    msgIsMsh = false;
                }
                lastEnd = next;
            }
            pos = next;
        }
        if (msgStart >= 0) {
            slices.add(new Slice(msgStart, lastEnd, msgIsMsh));
        }
        return slices;
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** MLLP start (VT) and end (FS) of block, DOS end of file (SUB). */
    static boolean isFrame(byte b) {
        return b == 0x0B || b == 0x1C || b == 0x1A;
    }

    private static boolean isEnvelope(byte[] b, int from, int to) {
        return isSegment(b, from, to, "FHS") || isSegment(b, from, to, "BHS")
                || isSegment(b, from, to, "BTS") || isSegment(b, from, to, "FTS");
    }

    private static boolean isSegment(byte[] b, int from, int to, String name) {
        if (to - from < 4) {
            return to - from == 3 && b[from] == name.charAt(0) && b[from + 1] == name.charAt(1)
                    && b[from + 2] == name.charAt(2) && !name.equals("MSH");
        }
        return b[from] == name.charAt(0) && b[from + 1] == name.charAt(1) && b[from + 2] == name.charAt(2)
                && !Character.isLetterOrDigit(b[from + 3]);
    }

    /**
     * The raw value of MSH-{@code field} of a message, read on the raw bytes (ASCII-compatible
     * encodings only), or null when absent. MSH-1 is the field separator itself.
     */
    public static String mshField(byte[] bytes, Slice slice, int field) {
        if (!slice.startsWithMsh() || slice.length() < 4) {
            return null;
        }
        byte sep = bytes[slice.start() + 3];
        int n = 1; // at index start+3 we are at MSH-1
        int i = slice.start() + 4;
        int fieldStart = i;
        while (i <= slice.end()) {
            // any control byte ends the segment (MLLP's VT and FS too): MSH-18 is never read from the PID that follows
            boolean endOfSegment = i == slice.end() || (bytes[i] & 0xff) < 0x20;
            if (endOfSegment || bytes[i] == sep) {
                n++;
                if (n == field) {
                    String v = new String(bytes, fieldStart, i - fieldStart, java.nio.charset.StandardCharsets.ISO_8859_1);
                    return v.isEmpty() ? null : v;
                }
                if (endOfSegment) {
                    return null;
                }
                fieldStart = i + 1;
            }
            i++;
        }
        return null;
    }
}
