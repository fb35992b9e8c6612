package fr.dmp.ingest.format.hprim;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.FirstNames;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.format.Content;
import fr.dmp.ingest.format.DocumentMeta;
import fr.dmp.ingest.format.Observation;
import fr.dmp.ingest.format.PatientIdentifier;
import fr.dmp.ingest.format.PatientRef;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.Unreadable;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The older HPRIM Net (HPRIM Médecins) form: a report of 12 positional header lines, free text, then
 * structured results in a {@code ****LAB****} block, the report ending with {@code ****FIN****} (and
 * the file with {@code ****FINFICHIER****}). Laboratory software closes the LAB block with
 * {@code ****FINLAB****}, or directly with {@code ****FIN****} or {@code ****FINFICHIER****}; many
 * reports have no LAB block at all (a text report: the header, then the printed report). See
 * {@code docs/hprim.md} for the variants read.
 *
 * <p>Header lines (1-based; blank lines count, a line may be empty; some senders add a 13th, empty,
 * line, read as the start of the text):
 * <ol>
 *   <li>patient code given by the sender → identifier (no OID)</li>
 *   <li>name → birth name</li>
 *   <li>first name(s)</li>
 *   <li>address 1</li>
 *   <li>address 2</li>
 *   <li>post code and town</li>
 *   <li>birth date {@code JJ/MM/AAAA} (or {@code AAAA-MM-JJ})</li>
 *   <li>social security number (NIR) → identifier (no OID: it is not an INS slot); blanks inside it, as
 *       in {@code 2530775123456 89}, are dropped when what remains is a 13- or 15-character NIR</li>
 *   <li>the sender's request (dossier) number → orderId</li>
 *   <li>date of the request / sample {@code JJ/MM/AAAA} → creation time (start of that day)</li>
 *   <li>sender (laboratory) code, possibly followed by its name → senderFacility; its first word is
 *       the author institution when it is a FINESS</li>
 *   <li>addressee (physician), not read</li>
 * </ol>
 * No header line carries the sex: it stays unknown. Result lines:
 * {@code RES|label|code|type|value|unit|normal low|normal high|flag|status|value 2|unit 2|low 2|high 2}
 * with type {@code N} numeric, {@code A} alphanumeric, {@code T} text; {@code TEX|text} lines (and a
 * bare {@code TEX}, an empty one) are text. A RES line with neither label nor value carries nothing
 * and is skipped. When every TEX line of the report repeats a line of its printed text (software that
 * copies the printed report into the LAB block), the document's text is the printed text alone.
 *
 * <p>Every report is a lab report (hint {@code HPRIM-LAB}), a text report too: its text is kept and it
 * has no observations. Content whose patient header is missing or incomplete (result lines or a LAB
 * block first, or a text without header dates) is refused {@code INS_MISSING}: without the header
 * there is no patient identifier.
 */
final class HprimNet {

    static final int HEADER_LINES = HprimMessages.NET_HEADER_LINES;
    private static final java.util.regex.Pattern BORN = java.util.regex.Pattern.compile(
            "^(.+?)\\s+(?:n[ée]e|NÉE|NEE)\\s+(.+)$", java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE);
    private static final java.util.regex.Pattern MARRIED = java.util.regex.Pattern.compile(
            "^(.+?)\\s+(?:[ée]pouse|[ée]p\\.?|veuve|vve\\.?)\\s+(.+)$",
            java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE);

    /**
     * The birth name (ins.md: the INS trait) from the one name line, where senders write the name in use and the
     * birth name together: "ROBIN née CHEVALIER" (in use, then birth), "CHEVALIER épouse ROBIN" or "ép. ROBIN"
     * (birth, then by marriage). Read whole, "ROBIN née CHEVALIER" became a birth name no other source writes
     * (found on an independent writer's HPRIM Net files).
     */
    static String birthName(String line) {
        if (line == null) {
            return null;
        }
        java.util.regex.Matcher born = BORN.matcher(line.strip());
        if (born.matches()) {
            return born.group(2).strip();
        }
        java.util.regex.Matcher married = MARRIED.matcher(line.strip());
        if (married.matches()) {
            return married.group(1).strip();
        }
        return line;
    }

    private static final Pattern NIR = Pattern.compile("[0-9][0-9AB]{12}|[0-9][0-9AB]{14}");
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    private HprimNet() {
    }

    static ReadItem read(String message, int index, Content raw, ReadContext context) {
        List<String> lines = lines(message);
        int before = 0; // lines before the first marker or result line: the header, then the printed text
        while (before < lines.size() && HprimMessages.marker(lines.get(before)) == HprimMessages.Marker.NONE
                && !HprimMessages.isResultLine(lines.get(before))) {
            before++;
        }
        boolean structured = false;
        for (int i = before; i < lines.size() && !structured; i++) {
            structured = HprimMessages.marker(lines.get(i)) == HprimMessages.Marker.LAB
                    || HprimMessages.isResultLine(lines.get(i));
        }
        if (before < HEADER_LINES) {
            return new Unreadable(index, Rejection.of(ReasonCode.INS_MISSING, (before == 0
                    ? "HPRIM Net " + (structured ? "results" : "content") + " without the patient header"
                    : "HPRIM Net patient header incomplete (" + before + " of " + HEADER_LINES + " lines before "
                    + (structured ? "the results" : "the end marker") + ")")
                    + ": no patient name, birth date nor NIR line, no patient identifier"));
        }
        if (!headerDated(lines) && (birthDateOn(lines, 8) || birthDateOn(lines, 9))) {
            // a stray line ("--- page 2 ---") between two reports became header line 1: the birth date landed in the NIR's
            // slot, refused INS_INVALID showing its year (round 29, a tester); docs/hprim.md: lines outside a report
            return HprimReader.corrupt(index, "HPRIM Net patient header out of place (a birth date on line "
                    + (birthDateOn(lines, 8) ? 8 : 9) + ", none on line 7): lines outside a report before it");
        }
        if (!structured && !headerDated(lines)) {
            return new Unreadable(index, Rejection.of(ReasonCode.INS_MISSING,
                    "HPRIM Net text without the patient header (neither line 7 nor line 10 is a date): no patient identifier"));
        }
        List<Rejection> problems = new ArrayList<>();
        List<PatientIdentifier> ids = new ArrayList<>();
        String code = header(lines, 1);
        if (code != null) {
            ids.add(new PatientIdentifier(code, null, null));
        }
        String nir = nir(header(lines, 8));
        if (nir != null && !nir.equals(code)) {
            ids.add(new PatientIdentifier(nir, null, "NIR")); // the NIR line: a matricule, its OID unstated
        }
        // line 3 is the first names written out on one line: no slot tells one first name from the next but
        // the spaces or commas, as before (ins.md: the list; a two-word first name cannot be told apart here)
        List<String> firstNames = FirstNames.of(null, header(lines, 3));
        BirthDate birthDate = null;
        try {
            birthDate = HprimTime.netBirthDate(header(lines, 7));
        } catch (DateTimeException e) {
            problems.add(Rejection.of(ReasonCode.DATE_INVALID, "HPRIM Net line 7 birth date unparseable"));
        }
        Instant creation = null;
        LocalDate requested = null;
        try {
            LocalDate day = HprimTime.netDate(header(lines, 10));
            requested = day;
            creation = day == null ? null : day.atStartOfDay(context.zone()).toInstant();
        } catch (DateTimeException e) {
            problems.add(Rejection.of(ReasonCode.DATE_INVALID, "HPRIM Net line 10 date unparseable"));
        }
        PatientRef patient = new PatientRef(ids, null,
                new Traits(birthName(header(lines, 2)), firstNames, null, birthDate, null,
                        FirstNames.writtenOut(null, header(lines, 3))));
        String sender = header(lines, 11);
        String senderCode = sender == null ? null : sender.split("\\s+", 2)[0];

        List<String> printed = new ArrayList<>(); // the free text, outside the LAB block
        List<String> labText = new ArrayList<>(); // RES renderings and TEX lines, in order
        List<String> texLines = new ArrayList<>();
        List<Observation> observations = new ArrayList<>();
        int repairs = 0;
        boolean inLab = false;
        for (int i = HEADER_LINES; i < lines.size(); i++) {
            String line = lines.get(i);
            switch (HprimMessages.marker(line)) {
                case LAB -> inLab = true;
                case FINLAB, FIN, FINFICHIER -> inLab = false; // each closes an open LAB block
                case NONE -> {
                    if (startsWith(line, "RES|")) {
                        List<String> f = HprimRecords.split(line.strip(), '|');
                        if (get(f, 1) == null && get(f, 4) == null) {
                            continue; // no label, no value: nothing to read
                        }
                        Observation o = result(observations.size() + 1, f, creation);
                        observations.add(o);
                        labText.add(o.textLine() + second(f));
                    } else if (HprimMessages.isResultLine(line)) { // TEX| or a bare TEX
                        String t = line.strip();
                        t = t.length() > 4 ? t.substring(4).stripTrailing() : "";
                        labText.add(t);
                        if (!t.isBlank()) {
                            texLines.add(t.strip());
                        }
                    } else if (!inLab) {
                        printed.add(line.stripTrailing());
                    } else if (!line.isBlank()) {
                        labText.add(line.strip()); // not a result line: kept as text
                        repairs++;
                    }
                }
            }
        }
        if (inLab) {
            return HprimReader.corrupt(index, "HPRIM Net ****LAB**** block without its end (****FINLAB****, "
                    + "****FIN**** or ****FINFICHIER****): truncated");
        }
        StringBuilder text = new StringBuilder();
        printed.forEach(l -> HprimReader.line(text, l));
        Set<String> printedLines = new HashSet<>();
        printed.forEach(l -> printedLines.add(l.strip()));
        boolean copyOfPrinted = !texLines.isEmpty() && printedLines.containsAll(texLines);
        if (!copyOfPrinted) {
            labText.forEach(l -> HprimReader.line(text, l));
        }
        String body = text.toString().strip();
        // no report status in HPRIM Net: its results' (a version whose result is pending where the current one's is final
        // is refused by the store, rules.md R13)
        String resultStatus = Observation.reportStatus(null, observations);
        if (observations.isEmpty() && body.isEmpty()) {
            return HprimReader.corrupt(index, "HPRIM Net report with neither text nor RES result");
        }
        DocumentMeta meta = new DocumentMeta(null, null, null, null,
                List.of(HprimReader.labHint(structured ? "hprim:LAB" : "hprim:NET-text")), null,
                HprimReader.authorOrg(senderCode), creation, List.of(), null, sender, null, resultStatus,
                requestOf(header(lines, 9), requested));
        Content content = new Content(raw.bytes(), raw.sha256(), raw.mediaType(), body);
        return new SourceDocument(index, SourceFormat.HPRIM, HprimReader.MESSAGE_TYPE, patient, meta, content,
                observations, problems, repairs);
    }

    /**
     * The order a report's versions share: the request number (line 9) and its date (line 10). Laboratories recycle their
     * short request numbers: by the number alone, a report of another year replaced a patient's current report, and one
     * of another patient was refused as that patient's order (round 33, a tester); a preliminary, its final and their
     * correction share the request's date.
     */
    static String requestOf(String number, LocalDate requested) {
        return number == null || requested == null ? number : number + " (" + requested + ")";
    }

    /** A text report's header: its birth date (line 7) or its request date (line 10) is a date. */
    private static boolean headerDated(List<String> lines) {
        for (int n : new int[] {7, 10}) {
            try {
                if ((n == 7 ? HprimTime.netBirthDate(header(lines, n)) : HprimTime.netDate(header(lines, n))) != null) {
                    return true;
                }
            } catch (DateTimeException e) {
                // not a date: maybe the other one
            }
        }
        return false;
    }

    private static boolean birthDateOn(List<String> lines, int n) {
        try {
            return lines.size() >= n && header(lines, n) != null && HprimTime.netBirthDate(header(lines, n)) != null;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** The NIR line: blanks inside a NIR written in groups are dropped; anything else is kept as written. */
    static String nir(String line) {
        if (line == null) {
            return null;
        }
        String compact = BLANKS.matcher(line).replaceAll("").toUpperCase(Locale.ROOT);
        return NIR.matcher(compact).matches() ? compact : line;
    }

    private static Observation result(int seq, List<String> f, Instant observedAt) {
        String type = get(f, 3);
        String valueType = type == null ? null : switch (type.toUpperCase(Locale.ROOT)) {
            case "N", "NM" -> "NM";
            case "A", "ST" -> "ST";
            case "T", "TX" -> "TX";
            default -> type;
        };
        String value = get(f, 4);
        BigDecimal numeric = value != null && "NM".equals(valueType) ? Observation.number(value) : null;
        return new Observation(seq, valueType, get(f, 2), null, get(f, 1), value, numeric, get(f, 5),
                HprimReader.limits(get(f, 6), get(f, 7)), get(f, 8), get(f, 9), observedAt);
    }

    /** The result in its second unit, when the line gives one: " / value unit (range)". */
    private static String second(List<String> f) {
        String value = get(f, 10);
        if (value == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" / ").append(value);
        String unit = get(f, 11);
        if (unit != null) {
            sb.append(' ').append(unit);
        }
        String range = HprimReader.limits(get(f, 12), get(f, 13));
        if (range != null) {
            sb.append(" (").append(range).append(')');
        }
        return sb.toString();
    }

    private static String get(List<String> f, int i) {
        if (i >= f.size()) {
            return null;
        }
        String v = f.get(i).strip();
        return v.isEmpty() ? null : v;
    }

    /** Header line {@code n} (from 1), stripped, or null when empty. */
    private static String header(List<String> lines, int n) {
        String v = lines.get(n - 1).strip();
        return v.isEmpty() ? null : v;
    }

    private static boolean startsWith(String line, String prefix) {
        String s = line.stripLeading();
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** Every line, blank ones included (header lines are positional). */
    private static List<String> lines(String message) {
        List<String> lines = new ArrayList<>();
        for (int[] span : HprimLines.spans(message, message.startsWith("\uFEFF") ? 1 : 0)) {
            lines.add(message.substring(span[0], span[1]));
        }
        return lines;
    }
}
