package fr.dmp.ingest.format.hprim;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.domain.Traits;
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
import java.util.List;
import java.util.Locale;

/**
 * The older HPRIM Net (HPRIM Médecins) form: a report of 12 positional header lines, free text, then
 * structured results between {@code ****LAB****} and {@code ****FINLAB****}, the report ending with
 * {@code ****FIN****} (and the file with {@code ****FINFICHIER****}).
 *
 * <p>Header lines (1-based; blank lines count, a line may be empty):
 * <ol>
 *   <li>patient code given by the sender → identifier (no OID)</li>
 *   <li>name → birth name</li>
 *   <li>first name(s)</li>
 *   <li>address 1</li>
 *   <li>address 2</li>
 *   <li>post code and town</li>
 *   <li>birth date {@code JJ/MM/AAAA}</li>
 *   <li>social security number (NIR) → identifier (no OID: it is not an INS slot)</li>
 *   <li>the sender's request (dossier) number → orderId</li>
 *   <li>date of the request / sample {@code JJ/MM/AAAA} → creation time (start of that day)</li>
 *   <li>sender (laboratory) code → senderFacility</li>
 *   <li>addressee (physician), not read</li>
 * </ol>
 * No header line carries the sex: it stays unknown. Result lines inside the LAB block:
 * {@code RES|label|code|type|value|unit|normal low|normal high|flag|status|value 2|unit 2|low 2|high 2}
 * with type {@code N} numeric, {@code A} alphanumeric, {@code T} text; {@code TEX|text} lines are
 * comments. A report with no LAB block is a letter, not a lab report: not read.
 */
final class HprimNet {

    static final int HEADER_LINES = 12;

    private HprimNet() {
    }

    static ReadItem read(String message, int index, Content raw, ReadContext context) {
        List<String> lines = lines(message);
        int labAt = -1;
        for (int i = 0; i < lines.size() && labAt < 0; i++) {
            if (HprimMessages.marker(lines.get(i)) == HprimMessages.Marker.LAB) {
                labAt = i;
            }
        }
        if (labAt < 0) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED,
                    "HPRIM Net report without a ****LAB**** results block (text only)"));
        }
        if (labAt < HEADER_LINES) {
            return HprimReader.corrupt(index, "HPRIM Net header of " + labAt + " lines before ****LAB****, "
                    + HEADER_LINES + " expected");
        }
        List<Rejection> problems = new ArrayList<>();
        List<PatientIdentifier> ids = new ArrayList<>();
        String code = header(lines, 1);
        if (code != null) {
            ids.add(new PatientIdentifier(code, null, null));
        }
        String nir = header(lines, 8);
        if (nir != null && !nir.equals(code)) {
            ids.add(new PatientIdentifier(nir, null, "NIR")); // the NIR line: a matricule, its OID unstated
        }
        List<String> firstNames = new ArrayList<>();
        String first = header(lines, 3);
        if (first != null) {
            for (String n : first.split("[ ,]+")) {
                if (!n.isBlank() && !firstNames.contains(n)) {
                    firstNames.add(n);
                }
            }
        }
        LocalDate birthDate = null;
        try {
            birthDate = HprimTime.netDate(header(lines, 7));
        } catch (DateTimeException e) {
            problems.add(Rejection.of(ReasonCode.DATE_INVALID, "HPRIM Net line 7 birth date unparseable"));
        }
        Instant creation = null;
        try {
            LocalDate day = HprimTime.netDate(header(lines, 10));
            creation = day == null ? null : day.atStartOfDay(context.zone()).toInstant();
        } catch (DateTimeException e) {
            problems.add(Rejection.of(ReasonCode.DATE_INVALID, "HPRIM Net line 10 date unparseable"));
        }
        PatientRef patient = new PatientRef(ids, null,
                new Traits(header(lines, 2), firstNames, null, birthDate, null));
        String sender = header(lines, 11);

        StringBuilder text = new StringBuilder();
        List<Observation> observations = new ArrayList<>();
        String resultStatus = null;
        int repairs = 0;
        boolean inLab = false;
        for (int i = HEADER_LINES; i < lines.size(); i++) {
            String line = lines.get(i);
            switch (HprimMessages.marker(line)) {
                case LAB -> inLab = true;
                case FINLAB -> inLab = false;
                case FIN, FINFICHIER -> { }
                case NONE -> {
                    if (!inLab) {
                        HprimReader.line(text, line.stripTrailing());
                    } else if (line.isBlank()) {
                        continue;
                    } else if (startsWith(line, "RES|")) {
                        List<String> f = HprimRecords.split(line.strip(), '|');
                        Observation o = result(observations.size() + 1, f, creation);
                        observations.add(o);
                        String status = o.resultStatus();
                        if (status != null && (resultStatus == null || "C".equals(status))) {
                            resultStatus = status;
                        }
                        HprimReader.line(text, o.textLine() + second(f));
                    } else if (startsWith(line, "TEX|")) {
                        HprimReader.line(text, line.strip().substring(4));
                    } else {
                        HprimReader.line(text, line.strip()); // not a result line: kept as text
                        repairs++;
                    }
                }
            }
        }
        if (inLab) {
            return HprimReader.corrupt(index, "HPRIM Net ****LAB**** block without ****FINLAB**** (truncated)");
        }
        if (observations.isEmpty()) {
            return HprimReader.corrupt(index, "HPRIM Net ****LAB**** block without any RES result");
        }
        DocumentMeta meta = new DocumentMeta(null, null, null, null, List.of(HprimReader.labHint("hprim:LAB")), null,
                HprimReader.authorOrg(sender), creation, List.of(), null, sender, null, resultStatus, header(lines, 9));
        Content content = new Content(raw.bytes(), raw.sha256(), raw.mediaType(), text.toString().strip());
        return new SourceDocument(index, SourceFormat.HPRIM, HprimReader.MESSAGE_TYPE, patient, meta, content,
                observations, problems, repairs);
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
        int i = 0;
        int n = message.length();
        if (message.startsWith("\uFEFF")) {
            i = 1;
        }
        while (i < n) {
            int e = i;
            while (e < n && message.charAt(e) != '\r' && message.charAt(e) != '\n') {
                e++;
            }
            lines.add(message.substring(i, e));
            i = e;
            if (i < n && message.charAt(i) == '\r') {
                i++;
            }
            if (i < n && message.charAt(i) == '\n') {
                i++;
            }
        }
        return lines;
    }
}
