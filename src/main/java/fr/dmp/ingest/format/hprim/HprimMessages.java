package fr.dmp.ingest.format.hprim;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the raw bytes of an HPRIM file into messages before any decoding, so that a large archive is
 * read one message at a time and never held as one String (each message is decoded on its own; a
 * file may mix UTF-8 and ISO-8859-1 messages). Only ASCII bytes are looked at, which is safe for the
 * ASCII-compatible character sets HPRIM files come in.
 *
 * <p>Lines end with CR, LF or CRLF. Two forms are recognised, in the same single pass:
 * <ul>
 *   <li>HPRIM Santé: a message runs from an H record (an {@code H} followed by a delimiter
 *       declaration such as {@code H|~^\&|}) to the next L record, inclusive of the L line and its
 *       line ending ({@link Kind#MESSAGE}). An H with no L before the next H or the end of the file
 *       is {@link Kind#TRUNCATED}.</li>
 *   <li>HPRIM Net (HPRIM Médecins): a report starts at a non-blank line outside any message and runs
 *       to its {@code ****FIN****} or {@code ****FINFICHIER****} line (inclusive), or to its
 *       {@code ****FINLAB****} line when no {@code ****FIN****} follows it ({@link Kind#NET}). Several
 *       {@code ****LAB****} blocks before one {@code ****FIN****} belong to the same report, and so do up to 5 lines
 *       of text between them or before the {@code ****FIN****}, none a NIR or a date alone. A report
 *       is a {@code ****LAB****} block, {@code RES|}/{@code TEX|} result lines, or a text report of at
 *       least the 12 header lines ended by a terminator; whether it has its patient header is for
 *       its reader to say.</li>
 * </ul>
 * Other non-blank lines outside both forms (before the first H, between an L and the next H, a
 * line between {@code ****FIN****} and {@code ****FINFICHIER****}) are a {@link Kind#STRAY} slice:
 * an item that is not a message.
 */
public final class HprimMessages {

    private HprimMessages() {
    }

    public enum Kind {
        /** H … L. */
        MESSAGE,
        /** H without its L. */
        TRUNCATED,
        /** An HPRIM Net report (header lines, text, {@code ****LAB****} blocks). */
        NET,
        /** Lines that belong to no message. */
        STRAY
    }

    /** A message's bytes within the file, [start, end), line endings of its lines included. */
    public record Slice(int start, int end, Kind kind) {
        public int length() {
            return end - start;
        }
    }

    /** HPRIM Net markers, matched on a whole line (surrounding blanks ignored). */
    enum Marker { NONE, LAB, FINLAB, FIN, FINFICHIER }

    /** Lines of a text report: its 12 header lines at least. */
    static final int NET_HEADER_LINES = 12;

    /** All slices of a file. */
    public static List<Slice> split(byte[] bytes) {
        Scanner scanner = new Scanner(bytes);
        List<Slice> slices = new ArrayList<>();
        for (Slice s = scanner.next(); s != null; s = scanner.next()) {
            slices.add(s);
        }
        return slices;
    }

    /**
     * Where the last message of {@code bytes[0, length)} starts, or 0 when it holds only one: what a
     * reader of a large file keeps for its next window (that message may continue beyond).
     */
    public static int lastMessageStart(byte[] bytes, int length) {
        Scanner scanner = new Scanner(bytes, length);
        int slices = 0;
        int lastStart = 0;
        for (Slice s = scanner.next(); s != null; s = scanner.next()) {
            slices++;
            lastStart = s.start();
        }
        return slices < 2 ? 0 : lastStart;
    }

    /** Yields the slices one by one; holds nothing but a position. */
    public static final class Scanner {

        private final byte[] b;
        private final int length;
        private int pos;
        /** Where the next report starts at an empty line 1 (its code), found by the report before it; -1 when none. */
        private int resumeAt = -1;

        public Scanner(byte[] bytes) {
            this(bytes, bytes.length);
        }

        /** The slices of {@code bytes[0, length)}. */
        public Scanner(byte[] bytes, int length) {
            this.b = bytes;
            this.length = length;
            this.pos = hasBom(bytes, 0, length) ? 3 : 0;
        }

        /** The next slice, or null at the end of the file. */
        public Slice next() {
            int start = -1;
            boolean hBlock = false;
            byte sep = 0;
            int lastEnd = -1;
            boolean hasLab = false;
            boolean hasResults = false;
            int lines = 0;
            int finLabEnd = -1;
            int prevBlank = -1; // the start of the line before, when it was blank
            if (resumeAt >= 0) {
                start = resumeAt; // its empty first line is its patient code
                lines = 1;
                lastEnd = pos;
                resumeAt = -1;
            }
            while (pos < length) {
                int s = pos;
                int e = s;
                while (e < length && b[e] != '\r' && b[e] != '\n') {
                    e++;
                }
                int nxt = e;
                if (nxt < length && b[nxt] == '\r') {
                    nxt++;
                }
                if (nxt < length && b[nxt] == '\n' && (nxt == e || b[nxt - 1] == '\r')) {
                    nxt++;
                }
                if (hasBom(b, s, e)) {
                    s += 3;
                }
                if (isBlank(b, s, e)) {
                    if (start >= 0) {
                        lines++; // header lines are positional: a blank one counts
                    }
                    prevBlank = s;
                    pos = nxt;
                    continue;
                }
                int blankBefore = prevBlank;
                prevBlank = -1;
                boolean isH = isHeader(b, s, e);
                if (start < 0) {
                    Marker m = marker(b, s, e);
                    if (m == Marker.FIN || m == Marker.FINLAB || m == Marker.FINFICHIER) {
                        pos = nxt; // a terminator with nothing open: nothing to read
                        continue;
                    }
                    if (!isH && m == Marker.NONE && blankBefore >= 0 && netHeaderWithEmptyCode(b, blankBefore, length)) {
                        // the report's code line (1) is empty, the blank line before it: skipped, its header read one line up,
                        // the report was refused "a birth date on line 9" (round 33, a tester of MedShakeEHR's files)
                        start = blankBefore;
                        hBlock = false;
                        hasLab = false;
                        hasResults = false;
                        lines = 2;
                        lastEnd = nxt;
                        pos = nxt;
                        continue;
                    }
                    start = s;
                    hBlock = isH;
                    sep = isH ? b[s + 1] : 0;
                    hasLab = m == Marker.LAB;
                    hasResults = !isH && isResultLine(b, s, e);
                    lines = 1;
                    lastEnd = nxt;
                    pos = nxt;
                    continue;
                }
                if (hBlock) {
                    if (isH) {
                        return new Slice(start, lastEnd, Kind.TRUNCATED); // this H is read by the next call
                    }
                    pos = nxt;
                    if (b[s] == 'L' && (e - s == 1 || b[s + 1] == sep)) {
                        return new Slice(start, nxt, Kind.MESSAGE);
                    }
                    lastEnd = nxt;
                    continue;
                }
                Marker m = marker(b, s, e);
                lines++;
                if (finLabEnd >= 0) {
                    if (m == Marker.FIN) {
                        pos = nxt;
                        return new Slice(start, nxt, Kind.NET);
                    }
                    if (m != Marker.LAB && !(m == Marker.NONE && !isH && fewLinesThenMarker(b, finLabEnd, length))) {
                        if (m == Marker.NONE && blankBefore >= 0 && netHeaderWithEmptyCode(b, blankBefore, length)) {
                            resumeAt = blankBefore; // the next report's code line is empty: its header starts there (a review)
                        }
                        return new Slice(start, finLabEnd, Kind.NET); // this line is read by the next call
                    }
                    finLabEnd = -1;
                }
                if (isH) {
                    return new Slice(start, lastEnd, hasLab || hasResults ? Kind.NET : Kind.STRAY);
                }
                if (m == Marker.NONE && lines > NET_HEADER_LINES + 1 && !isResultLine(b, s, e) && blankBefore >= 0
                        && looksLikeNextReportHeader(b, blankBefore, length)) {
                    resumeAt = blankBefore; // the next report's code line is empty (round 33, an attacker)
                    return new Slice(start, lastEnd, hasLab || hasResults || lines - 2 > NET_HEADER_LINES ? Kind.NET : Kind.STRAY);
                }
                if (m == Marker.NONE && lines > NET_HEADER_LINES && !isResultLine(b, s, e) && looksLikeNextReportHeader(b, s, length)) {
                    // the next report's header where this one's end is missing: one patient's results were read into the
                    // other's report and stored in that dossier (round 33, a tester); this report ends here, its reader
                    // refuses a LAB block left open as truncated
                    return new Slice(start, lastEnd, hasLab || hasResults || lines - 1 > NET_HEADER_LINES ? Kind.NET : Kind.STRAY);
                }
                switch (m) {
                    case LAB -> hasLab = true;
                    case FINLAB -> finLabEnd = nxt;
                    case FIN, FINFICHIER -> {
                        pos = nxt;
                        // a text report has its header lines at least; fewer lines without results are stray
                        boolean report = hasLab || hasResults || lines > NET_HEADER_LINES;
                        return new Slice(start, nxt, report ? Kind.NET : Kind.STRAY);
                    }
                    default -> hasResults |= isResultLine(b, s, e);
                }
                lastEnd = nxt;
                pos = nxt;
            }
            if (start < 0) {
                return null;
            }
            if (hBlock) {
                return new Slice(start, lastEnd, Kind.TRUNCATED);
            }
            return new Slice(start, lastEnd, hasLab || hasResults ? Kind.NET : Kind.STRAY);
        }
    }

    /** Whether the last non-blank line before {@code start} is a {@code ****FINLAB****}: lines read alone after a report. */
    static boolean afterFinlab(byte[] b, int start) {
        int e = start;
        while (e > 0 && (b[e - 1] == '\r' || b[e - 1] == '\n' || b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
        }
        int s = e;
        while (s > 0 && b[s - 1] != '\r' && b[s - 1] != '\n') {
            s--;
        }
        return e > s && marker(b, s, e) == Marker.FINLAB;
    }

    /** Lines of text after a {@code ****FINLAB****} kept in the report: a comment, a validation line, never a header. */
    static final int TEXT_LINES_BETWEEN_BLOCKS = 5;

    /**
     * Whether the lines from {@code s} (blank ones counted: a next report's code line may be empty, a review) are at most
     * {@link #TEXT_LINES_BETWEEN_BLOCKS}, none of them a header's line that names a patient (a NIR, a date alone), and end
     * at a {@code ****LAB****}, {@code ****FIN****} or {@code ****FINFICHIER****}: text between a report's two LAB blocks,
     * or a comment before its FIN. The report ended at the first {@code ****FINLAB****} and the rest was refused without a
     * header (round 28, a tester of HPRIM parsers' files); with up to 11 lines, a next report's header missing one line
     * and its results were read into the report before it, filed in that patient's dossier (round 34, an attacker). An H
     * record or a result line first: not so. Longer text is read alone (refused without a header, never lost).
     */
    static boolean fewLinesThenMarker(byte[] b, int s, int length) {
        int lines = 0;
        int pos = s;
        while (pos < length && lines <= TEXT_LINES_BETWEEN_BLOCKS) {
            int e = pos;
            while (e < length && b[e] != '\r' && b[e] != '\n') {
                e++;
            }
            Marker m = marker(b, pos, e);
            if (m != Marker.NONE) {
                return m != Marker.FINLAB;
            }
            if (isHeader(b, pos, e) || isResultLine(b, pos, e) || namesAPatient(b, pos, e)) {
                return false;
            }
            lines++;
            pos = e < length && b[e] == '\r' ? e + 1 : e;
            pos = pos < length && b[pos] == '\n' ? pos + 1 : pos;
            if (e >= length) {
                break;
            }
        }
        return false;
    }

    /** A line a header has and a comment has not: a NIR alone (blanks inside), or a date alone. */
    private static boolean namesAPatient(byte[] b, int s, int e) {
        String line = new String(b, s, e - s, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
        return line.replaceAll("\\s+", "").matches("[0-9][0-9ABab]{12}([0-9]{2})?") || LOOSE_DATE.matcher(line).matches();
    }

    /**
     * An H record: {@code H}, a field separator, then 3 or 4 distinct delimiter characters up to the
     * next field separator or the end of the line (so that free text such as "H.T.A." is not one).
     */
    static boolean isHeader(byte[] b, int s, int e) {
        if (e - s < 5 || b[s] != 'H' || !HprimDelimiters.isDelimiter(b[s + 1])) {
            return false;
        }
        byte sep = b[s + 1];
        int i = s + 2;
        while (i < e && b[i] != sep) {
            if (!HprimDelimiters.isDelimiter(b[i])) {
                return false;
            }
            for (int j = s + 2; j < i; j++) {
                if (b[j] == b[i]) {
                    return false;
                }
            }
            i++;
        }
        int n = i - (s + 2);
        return n >= 3 && n <= 4;
    }

    /** An HPRIM Net result line: {@code RES|…}, {@code TEX|…} or a bare {@code TEX} (any case, leading blanks). */
    static boolean isResultLine(byte[] b, int s, int e) {
        while (s < e && (b[s] == ' ' || b[s] == '\t')) {
            s++;
        }
        if (e - s < 3) {
            return false;
        }
        String type = new String(b, s, 3, java.nio.charset.StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT);
        if (!type.equals("RES") && !type.equals("TEX")) {
            return false;
        }
        if (e - s == 3) {
            return type.equals("TEX");
        }
        return b[s + 3] == '|' || (type.equals("TEX") && isBlank(b, s + 3, e));
    }

    /** {@link #isResultLine(byte[], int, int)} of a decoded line. */
    static boolean isResultLine(String line) {
        byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return isResultLine(bytes, 0, bytes.length);
    }

    /**
     * Whether the head of a file starts like an HPRIM Net report: 12 positional header lines (blank lines
     * count) whose line 1 (patient code) and line 2 (name) are not blank and whose lines 7 (birth date) and
     * 10 (request date) are dates ({@code JJ/MM/AAAA}, {@code AAAA-MM-JJ}, {@code AAAAMMJJ}). What
     * recognises a text report that carries no {@code ****} marker in its head.
     */
    public static boolean looksLikeNetHeader(byte[] head) {
        return looksLikeNetHeader(head, 0, head.length);
    }

    /** {@link #looksLikeNetHeader(byte[])} for the bytes {@code head[from, to)}. */
    static boolean looksLikeNetHeader(byte[] head, int from, int to) {
        return netHeader(head, from, to) != null
                || netHeaderWithEmptyCode(head, from + (hasBom(head, from, to) ? 3 : 0), to); // line 1, the code, empty
    }

    /**
     * Whether the next report's header begins at {@code from}, inside a report whose end is missing: 12 lines whose name
     * line (2) is filled without digits and whose NIR line (8) is a NIR, another patient's or not; its code (1) may be
     * empty, its dates (7, 10) in any form or missing. A text report listing dates line by line had lines 7 and 10
     * dates (a review); a next header with an empty code, two-digit years or no birth date was read into the report and
     * its patient's results stored in the first one's dossier (round 33, an attacker).
     */
    static boolean looksLikeNextReportHeader(byte[] head, int from, int to) {
        String[] lines = twelveLines(head, from, to);
        if (lines == null) {
            return false;
        }
        for (String line : lines) {
            if (marker(line) != Marker.NONE) {
                return false;
            }
        }
        if (lines[1].isEmpty() || lines[1].chars().anyMatch(Character::isDigit)) {
            return false;
        }
        String nir = lines[7].replaceAll("\\s+", "");
        return nir.matches("[0-9][0-9AB]{12}([0-9]{2})?") && (lines[6].isEmpty() || LOOSE_DATE.matcher(lines[6]).matches());
    }

    private static final java.util.regex.Pattern LOOSE_DATE =
            java.util.regex.Pattern.compile("\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|\\d{8}");

    /** An HPRIM Net header from {@code from} whose code line (1) is empty: a name on line 2, dates on lines 7 and 10. */
    static boolean netHeaderWithEmptyCode(byte[] head, int from, int to) {
        String[] lines = twelveLines(head, from, to);
        if (lines == null || !lines[0].isEmpty() || lines[1].isEmpty()) {
            return false;
        }
        for (String line : lines) {
            if (marker(line) != Marker.NONE) {
                return false;
            }
        }
        return isNetBirthDate(lines[6]) && isNetDate(lines[9]);
    }

    /** The 12 header lines of an HPRIM Net report starting at {@code from}, stripped, or null when they are none. */
    private static String[] netHeader(byte[] head, int from, int to) {
        int pos = from + (hasBom(head, from, to) ? 3 : 0);
        int n = to;
        while (pos < n && (head[pos] == '\r' || head[pos] == '\n' || head[pos] == ' ' || head[pos] == '\t')) {
            pos++;
        }
        String[] header = twelveLines(head, pos, n);
        if (header == null || header[0].isEmpty() || header[1].isEmpty() || marker(header[0]) != Marker.NONE) {
            return null;
        }
        return isNetBirthDate(header[6]) && isNetDate(header[9]) ? header : null;
    }

    /** The 12 lines from {@code from}, each stripped (read as ISO-8859-1), or null when fewer, or not text. */
    private static String[] twelveLines(byte[] head, int from, int to) {
        String[] lines = new String[NET_HEADER_LINES];
        int pos = from;
        for (int line = 0; line < NET_HEADER_LINES; line++) {
            int e = pos;
            while (e < to && head[e] != '\r' && head[e] != '\n') {
                if (head[e] == 0 || e - pos > 200) {
                    return null; // not text, or not a header line
                }
                e++;
            }
            if (e >= to && line < NET_HEADER_LINES - 1) {
                return null;
            }
            lines[line] = new String(head, pos, e - pos, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
            pos = e;
            if (pos < to && head[pos] == '\r') {
                pos++;
            }
            if (pos < to && head[pos] == '\n') {
                pos++;
            }
        }
        return lines;
    }

    /** Whether a line of {@code bytes[start, end)} is an HPRIM Net marker ({@code ****LAB****}, {@code ****FIN****}…). */
    public static boolean hasMarker(byte[] b, int start, int end) {
        int s = start;
        while (s < end) {
            int e = s;
            while (e < end && b[e] != '\r' && b[e] != '\n') {
                e++;
            }
            if (marker(b, s, e) != Marker.NONE) {
                return true;
            }
            s = e + 1;
        }
        return false;
    }

    private static boolean isNetBirthDate(String v) {
        try {
            return HprimTime.netBirthDate(v) != null; // 00/00/1961: a birth year alone
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return false;
        }
    }

    private static boolean isNetDate(String v) {
        try {
            return HprimTime.netDate(v) != null;
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return false;
        }
    }

    static Marker marker(byte[] b, int s, int e) {
        while (s < e && (b[s] == ' ' || b[s] == '\t')) {
            s++;
        }
        while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
        }
        int lead = 0;
        while (s + lead < e && b[s + lead] == '*') {
            lead++;
        }
        int trail = 0;
        while (e - trail - 1 > s + lead && b[e - trail - 1] == '*') {
            trail++;
        }
        if (lead < 3 || trail < 3) {
            return Marker.NONE;
        }
        String word = new String(b, s + lead, e - trail - s - lead, java.nio.charset.StandardCharsets.ISO_8859_1)
                .strip().toUpperCase(java.util.Locale.ROOT);
        return switch (word) {
            case "LAB" -> Marker.LAB;
            case "FINLAB" -> Marker.FINLAB;
            case "FIN" -> Marker.FIN;
            case "FINFICHIER" -> Marker.FINFICHIER;
            default -> Marker.NONE;
        };
    }

    /** The marker of a decoded line, for readers of a NET slice. */
    static Marker marker(String line) {
        byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return marker(bytes, 0, bytes.length);
    }

    /** Spaces and tabs only; a DOS end-of-file (SUB) is transport too, as for HL7 (an independent writer's file ends so). */
    private static boolean isBlank(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != 0x1A) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasBom(byte[] b, int s, int e) {
        return e - s >= 3 && (b[s] & 0xFF) == 0xEF && (b[s + 1] & 0xFF) == 0xBB && (b[s + 2] & 0xFF) == 0xBF;
    }
}
