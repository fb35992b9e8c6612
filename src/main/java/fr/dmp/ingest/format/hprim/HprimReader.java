package fr.dmp.ingest.format.hprim;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.Finess;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.FirstNames;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.format.Content;
import fr.dmp.ingest.format.DocumentMeta;
import fr.dmp.ingest.format.FormatReader;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.Observation;
import fr.dmp.ingest.format.PatientIdentifier;
import fr.dmp.ingest.format.PatientRef;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.domain.Sha256;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.TextCharsets;
import fr.dmp.ingest.format.TypeHint;
import fr.dmp.ingest.format.Unreadable;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * HPRIM Santé 2.x reader (legacy French lab results), and the older HPRIM Net form (see
 * {@link HprimNet}). One item per message ({@link HprimMessages}), each decoded on its own: UTF-8 when
 * its bytes are valid UTF-8, else the feed's default character set (ISO-8859-1 as a rule). Each
 * message becomes a lab report like an HL7 ORU^R01: the content is the message's original bytes.
 *
 * <p>Fields read (HPRIM numbering, the record type is field 1):
 * <ul>
 *   <li>H: H.2 delimiters, H.3 message (file) name → messageId, H.5 sender {@code id~name},
 *       H.7 message type (ORU, else the message is not a document), H.14 message date.</li>
 *   <li>P: P.3 id given by the requester, P.4 id given by the laboratory, P.5 third id, each
 *       repeating; P.6 name {@code nom~prénom~autres prénoms}, P.7 birth name, P.8 birth date
 *       {@code YYYYMMDD}, P.9 sex. HPRIM states no identity status.</li>
 *   <li>OBR: OBR.3 placer and OBR.4 filler request numbers, OBR.5 analysis {@code code~label~system},
 *       OBR.7 request, OBR.8 collection and OBR.23 result dates, OBR.26 result status.</li>
 *   <li>OBX: OBX.3 value type, OBX.4 {@code code~label~system}, OBX.6 value, OBX.7 unit, OBX.8
 *       normal range, OBX.9 abnormal flags, OBX.12 status, OBX.15 observation date.</li>
 *   <li>C: C.4 comment text, into the document's text.</li>
 * </ul>
 *
 * <p><b>INS convention</b> (HPRIM has no INS slot): any patient id repetition in P.3, P.4 or P.5
 * may carry the OID of its assigning authority in a later component, as HL7's CX does:
 * {@code <id>~~~<OID>~<type>}, e.g. {@code 279035121518989~~~1.2.250.1.213.1.4.8~INS}. Component 4
 * may also be written {@code NAME&OID&ISO}. Every id is kept; its OID is null unless one is written.
 */
public final class HprimReader implements FormatReader {

    public static final String MEDIA_TYPE = "application/x-hprim";
    public static final String MESSAGE_TYPE = "HPRIM";
    public static final String HINT_CODE = "HPRIM-LAB";
    public static final String HINT_SYSTEM = "HPRIM-message";
    public static final String HINT_DISPLAY = "HPRIM lab report";

    private static final Set<String> RECORD_TYPES = Set.of("H", "P", "OBR", "OBX", "C", "L");
    /** Insurance records of HPRIM 2.x messages: known, not part of the document. */
    private static final Set<String> IGNORED_TYPES = Set.of("AP", "AC");
    private static final Set<String> TEXT_TYPES = Set.of("ST", "TX", "FT");
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*)){2,}");
    private static final Pattern RECORD_NAME = Pattern.compile("[A-Z0-9]{1,3}");

    @Override
    public SourceFormat format() {
        return SourceFormat.HPRIM;
    }

    @Override
    public List<ReadItem> read(InputFile input, ReadContext context) {
        byte[] bytes = input.bytes();
        if (HprimFraming.isFramed(bytes)) {
            // serial transfer framing a listener kept: transport, taken off before the messages are split (HprimFraming)
            HprimFraming.Result unframed = HprimFraming.unframe(bytes);
            if (unframed instanceof HprimFraming.Damaged damaged) {
                return List.of(new Unreadable(1, Rejection.of(ReasonCode.FORMAT_CORRUPT, damaged.why())));
            }
            bytes = ((HprimFraming.Unframed) unframed).bytes();
        }
        List<ReadItem> items = new ArrayList<>();
        boolean anyMessage = false;
        HprimMessages.Scanner scanner = new HprimMessages.Scanner(bytes);
        int index = 0;
        HprimMessages.Slice first = null;
        for (HprimMessages.Slice slice = scanner.next(); slice != null; slice = scanner.next()) {
            index++;
            first = first == null ? slice : first;
            anyMessage |= slice.kind() != HprimMessages.Kind.STRAY;
            items.addAll(readSlice(bytes, slice, index, context));
        }
        if (items.isEmpty()) {
            return List.of(new Unreadable(1, Rejection.of(ReasonCode.FORMAT_CORRUPT, "no HPRIM message in the file")));
        }
        if (!anyMessage && items.size() == 1 && (HprimMessages.looksLikeNetHeader(bytes)
                || HprimMessages.hasMarker(bytes, first.start(), first.end()))) {
            // the whole file is one HPRIM Net text: a text report without end marker, or a text without header
            return readSlice(bytes, new HprimMessages.Slice(first.start(), first.end(), HprimMessages.Kind.NET),
                    1, context);
        }
        if (!anyMessage) {
            return List.of(new Unreadable(1, Rejection.of(ReasonCode.FORMAT_CORRUPT,
                    "no H record (nor HPRIM Net ****LAB**** block) in the file")));
        }
        return ReadItem.numberedInOrder(items);
    }


    private List<ReadItem> readSlice(byte[] bytes, HprimMessages.Slice slice, int index, ReadContext context) {
        if (slice.kind() == HprimMessages.Kind.STRAY) {
            if (HprimMessages.afterFinlab(bytes, slice.start())) {
                // round 35, a tester: a biologist's seven-line comment after ****FINLAB**** was "lines outside a report";
                // the report before it is stored without them, and the operator could not tell why
                return List.of(corrupt(index, "lines after a report's ****FINLAB**** not kept in it (more than "
                        + HprimMessages.TEXT_LINES_BETWEEN_BLOCKS + " lines, or a line that is a NIR or a date alone: they"
                        + " could be another report's header) and without a header of their own; the report before them is"
                        + " stored without them: a laboratory sends a long comment inside its report (TEX lines before"
                        + " ****FINLAB****)"));
            }
            return List.of(corrupt(index, "lines outside an HPRIM message or report (no H record before them, nor an HPRIM Net header of 12 lines)"));
        }
        try {
            String text;
            Charset charset = StandardCharsets.UTF_8;
            byte[] joined;
            if (TextCharsets.isValidUtf8(bytes, slice.start(), slice.length())) {
                text = new String(bytes, slice.start(), slice.length(), StandardCharsets.UTF_8);
            } else if (slice.kind() != HprimMessages.Kind.NET && (joined = utf8JoinedAtContinuations(bytes, slice)) != null) {
                text = new String(joined, StandardCharsets.UTF_8); // looked for only when the bytes are not UTF-8 as they are
            } else {
                charset = TextCharsets.latin1OrWindows1252(bytes, slice.start(), slice.length(), context.defaultCharset());
                charset = TextCharsets.latinOrDosCodePage850(bytes, slice.start(), slice.length(), charset);
                Optional<String> decoded = TextCharsets.decodeStrict(bytes, slice.start(), slice.length(), charset);
                if (decoded.isEmpty()) {
                    return List.of(new Unreadable(index, Rejection.of(ReasonCode.ENCODING_INVALID,
                            "bytes valid neither in UTF-8 nor in " + charset.name())));
                }
                text = decoded.get();
            }
            int control = TextCharsets.firstForbiddenControl(text);
            if (control >= 0) {
                return List.of(new Unreadable(index, Rejection.of(ReasonCode.ENCODING_INVALID,
                        TextCharsets.forbiddenControl(text, control, charset))));
            }
            byte[] original = Arrays.copyOfRange(bytes, slice.start(), slice.end());
            Content raw = new Content(original, Sha256.hex(original), MEDIA_TYPE, null);
            if (slice.kind() == HprimMessages.Kind.NET) {
                return List.of(HprimNet.read(text, index, raw, context));
            }
            boolean truncated = slice.kind() == HprimMessages.Kind.TRUNCATED;
            List<String> perPatient = HprimPatients.split(text);
            if (perPatient.size() <= 1) {
                return List.of(readSante(text, truncated, index, raw, context));
            }
            // ASTM E1394, which HPRIM Santé follows: one message (H ... L) holds the results of several patients. Each is
            // a document of its own patient: its P record and what follows it, between the message's H and L records
            List<ReadItem> out = new ArrayList<>(perPatient.size());
            for (String one : perPatient) {
                byte[] part = one.getBytes(charset);
                out.add(readSante(one, truncated, index, new Content(part, Sha256.hex(part), MEDIA_TYPE, null), context));
            }
            return out;
        } catch (RuntimeException e) {
            return List.of(new Unreadable(index, Rejection.internalError(e)));
        }
    }

    /**
     * A UTF-8 message whose writer wrapped its records at a byte count, cutting a character between a record and its
     * {@code A} continuation ({@code C|…pr\xC3}, then {@code A|\xA9c…}): each cut joined, as the continuation joins its
     * record, the whole valid UTF-8; else null. It was refused ENCODING_INVALID naming a Windows byte (round 34, a tester).
     */
    static byte[] utf8JoinedAtContinuations(byte[] b, HprimMessages.Slice slice) {
        int start = slice.start();
        int end = slice.end();
        if (end - start < 2) {
            return null;
        }
        byte sep = b[start + 1]; // H, then the field separator
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(end - start);
        int from = start;
        boolean cut = false;
        for (int i = start; i < end; i++) {
            if (b[i] != '\r' && b[i] != '\n') {
                continue;
            }
            int missing = missingUtf8Bytes(b, start, i);
            int next = i + (b[i] == '\r' && i + 1 < end && b[i + 1] == '\n' ? 2 : 1);
            if (missing > 0 && next + 2 + missing <= end && b[next] == 'A' && b[next + 1] == sep
                    && continuationBytes(b, next + 2, missing)) {
                out.write(b, from, i - from);
                from = next + 2;
                cut = true;
            }
        }
        if (!cut) {
            return null;
        }
        out.write(b, from, end - from);
        byte[] joined = out.toByteArray();
        return TextCharsets.isValidUtf8(joined, 0, joined.length) ? joined : null;
    }

    /** How many bytes the UTF-8 character cut at {@code end} lacks (0 when none is cut). */
    private static int missingUtf8Bytes(byte[] b, int start, int end) {
        int k = 0;
        while (k < 3 && end - k - 1 >= start && (b[end - k - 1] & 0xC0) == 0x80) {
            k++;
        }
        if (end - k - 1 < start) {
            return 0;
        }
        int lead = b[end - k - 1] & 0xFF;
        int length = lead >= 0xF0 && lead < 0xF8 ? 4 : lead >= 0xE0 && lead < 0xF0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 0;
        return length > k + 1 ? length - k - 1 : 0;
    }

    private static boolean continuationBytes(byte[] b, int from, int n) {
        for (int i = from; i < from + n; i++) {
            if ((b[i] & 0xC0) != 0x80) {
                return false;
            }
        }
        return true;
    }

    // ---- HPRIM Santé ---------------------------------------------------------------------------

    private static ReadItem readSante(String message, boolean truncated, int index, Content raw, ReadContext context) {
        HprimRecords parsed;
        try {
            parsed = HprimRecords.parse(message);
        } catch (HprimRecords.Corrupt e) {
            return corrupt(index, e.getMessage());
        }
        List<HprimRecords.Record> records = parsed.records();
        for (HprimRecords.Record r : records) {
            if (!RECORD_TYPES.contains(r.type()) && !IGNORED_TYPES.contains(r.type())) {
                return corrupt(index, RECORD_NAME.matcher(r.type()).matches()
                        ? "unknown HPRIM record type " + r.type()
                        : "HPRIM line without a known record type (" + r.type().length() + " characters before the first separator)");
            }
        }
        if (truncated) {
            return corrupt(index, "HPRIM message without its L record (truncated)");
        }
        HprimRecords.Record h = records.get(0);
        int shift = headerShift(h);
        // the empty field too many is before the sender or after it: each is read where it is
        int senderField = shift == 1 && h.value(5) == null ? 6 : 5;
        String type = h.value(shift == 1 && h.value(7) == null ? 8 : 7);
        if (type != null && !type.equalsIgnoreCase("ORU")) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, "HPRIM message type "
                    + (RECORD_NAME.matcher(type.toUpperCase(Locale.ROOT)).matches() ? type : "?")
                    + " carries no document this reader takes"));
        }
        List<HprimRecords.Record> patients = records.stream().filter(r -> r.type().equals("P")).toList();
        if (patients.isEmpty()) {
            return corrupt(index, "HPRIM message without P record");
        }
        if (patients.size() > 1) {
            // one document is filed under one patient: a multi-patient message is not split blindly
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED,
                    "HPRIM message with " + patients.size() + " P records; one patient per message is read"));
        }
        List<Rejection> problems = new ArrayList<>();
        String messageId = h.value(3);
        String senderId = h.component(senderField, 1);
        String senderName = h.component(senderField, 2);
        Instant messageTime = time(h.value(14 + shift), "H.14", context.zone(), problems);
        PatientRef patient = patient(patients.get(0), problems);

        List<TypeHint> hints = new ArrayList<>();
        hints.add(new TypeHint(HINT_CODE, HINT_SYSTEM, HINT_DISPLAY, "hprim:H"));
        List<Observation> observations = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        String title = null;
        String resultStatus = null;
        String orderId = null;
        Instant reportTime = null;
        Instant orderTime = null;
        boolean inOrder = false;
        int seq = 0;
        for (HprimRecords.Record r : records) {
            switch (r.type()) {
                case "OBR" -> {
                    inOrder = true;
                    // a code given only as the alternate (components 4-6, as HL7's OBR-4) codes the test all the same
                    boolean primary = r.component(5, 1) != null;
                    String code = primary ? r.component(5, 1) : r.component(5, 4);
                    String label = primary || r.component(5, 2) != null ? r.component(5, 2) : r.component(5, 5);
                    if (code != null) {
                        hints.add(new TypeHint(code, r.component(5, primary ? 3 : 6), label, "hprim:OBR.5"));
                    }
                    if (title == null) {
                        title = label;
                    }
                    Instant requested = time(r.value(7), "OBR.7", context.zone(), problems);
                    Instant collected = time(r.value(8), "OBR.8", context.zone(), problems);
                    Instant reported = time(r.value(23), "OBR.23", context.zone(), problems);
                    orderTime = collected != null ? collected : requested;
                    if (reportTime == null) {
                        reportTime = reported != null ? reported : orderTime;
                    }
                    String status = r.value(26);
                    if (status != null && (resultStatus == null || "C".equals(status))) {
                        resultStatus = status;
                    }
                    if (orderId == null) {
                        orderId = firstNonNull(firstComponent(r, 4), firstComponent(r, 3));
                    }
                    line(text, label != null ? label : code);
                }
                case "OBX" -> {
                    if (!inOrder) {
                        return corrupt(index, "OBX record before any OBR record");
                    }
                    seq++;
                    Observation o = observation(seq, parsed, r, orderTime, context.zone(), problems);
                    observations.add(o);
                    line(text, o.textLine());
                }
                case "C" -> comment(text, r);
                default -> { } // H, P, L and the ignored records
            }
        }
        if (observations.isEmpty()) {
            return corrupt(index, "HPRIM message without any OBX result");
        }
        Instant creation = reportTime != null ? reportTime : messageTime;
        resultStatus = Observation.reportStatus(resultStatus, observations);
        DocumentMeta meta = new DocumentMeta(null, null, null, null, hints, title, authorOrg(senderId), creation,
                List.of(), senderId, firstNonNull(senderName, senderId), messageId, resultStatus, orderId);
        Content content = new Content(raw.bytes(), raw.sha256(), raw.mediaType(), text.toString());
        return new SourceDocument(index, SourceFormat.HPRIM, MESSAGE_TYPE, patient, meta, content, observations,
                problems, parsed.repairs());
    }

    private static PatientRef patient(HprimRecords.Record p, List<Rejection> problems) {
        List<PatientIdentifier> ids = new ArrayList<>();
        for (int field = 3; field <= 5; field++) {
            for (String rep : p.repetitions(field)) {
                List<String> comps = p.components(rep);
                String value = p.leaf(comps.get(0));
                if (value == null) {
                    continue;
                }
                PatientIdentifier id = new PatientIdentifier(value, oid(p, comps), comps.size() >= 5 ? p.leaf(comps.get(4)) : null);
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        String family = p.component(6, 1);
        String birthName = firstNonNull(p.component(7, 1), family);
        // P.6.2 is one first name, kept whole ("Marie Claire"); P.6.3 the others written out (ins.md: a list)
        List<String> firstNames = FirstNames.of(p.component(6, 2), p.component(6, 3));
        BirthDate birthDate = null;
        try {
            birthDate = HprimTime.birthDate(p.value(8));
        } catch (DateTimeException e) {
            problems.add(Rejection.of(ReasonCode.DATE_INVALID, "P.8 birth date unparseable"));
        }
        Traits traits = new Traits(birthName, firstNames, Sex.parse(p.value(9)), birthDate, null,
                FirstNames.writtenOut(p.component(6, 2), p.component(6, 3)));
        return new PatientRef(ids, null, traits);
    }

    /** The OID written with an id: component 4 (bare, or NAME&OID&ISO) first, then any later component. */
    private static String oid(HprimRecords.Record p, List<String> comps) {
        if (comps.size() >= 4) {
            for (String s : p.subComponents(comps.get(3))) {
                if (OID.matcher(s.strip()).matches()) {
                    return s.strip();
                }
            }
        }
        for (int c = 1; c < comps.size(); c++) {
            for (String s : p.subComponents(comps.get(c))) {
                if (OID.matcher(s.strip()).matches()) {
                    return s.strip();
                }
            }
        }
        return null;
    }

    private static Observation observation(int seq, HprimRecords parsed, HprimRecords.Record obx, Instant orderTime,
                                           ZoneId zone, List<Rejection> problems) {
        String valueType = obx.value(3);
        String normalisedType = valueType == null ? null : valueType.toUpperCase(Locale.ROOT);
        StringBuilder value = new StringBuilder();
        for (String rep : obx.repetitions(6)) {
            List<String> comps = obx.components(rep);
            StringBuilder joined = new StringBuilder();
            for (int c = 0; c < comps.size(); c++) {
                if (c > 0) {
                    joined.append(parsed.delimiters().component()); // as written: free text keeps its '~'
                }
                joined.append(obx.unescaped(comps.get(c)));
            }
            if (comps.size() > 1 && TEXT_TYPES.contains(normalisedType)) {
                parsed.repair(); // a text value with an unescaped component separator, joined back
            }
            String s = joined.toString().strip();
            if (s.isEmpty()) {
                continue;
            }
            if (value.length() > 0) {
                value.append('\n');
            }
            value.append(s);
        }
        String v = value.length() == 0 ? null : value.toString();
        BigDecimal numeric = null;
        if (v != null && ("NM".equals(normalisedType) || "SN".equals(normalisedType))) {
            numeric = Observation.number(v);
        }
        StringBuilder flags = new StringBuilder();
        for (String rep : obx.repetitions(9)) {
            String f = obx.leaf(obx.components(rep).get(0));
            if (f != null) {
                if (flags.length() > 0) {
                    flags.append('~');
                }
                flags.append(f);
            }
        }
        Instant observed = time(obx.value(15), "OBX.15", zone, problems);
        String unit = firstNonNull(obx.component(7, 1), obx.component(7, 2));
        List<String> unitRepetitions = obx.repetitions(7);
        if (unitRepetitions.size() == 2) {
            // a power of ten written with the repetition delimiter unescaped ("10^9/L" under H|~^\&|) was stored "10", a
            // leukocyte count reading "6.2 10" (round 36, a tester); only that shape is joined (a review: "GL~10^9/L")
            String base = obx.leaf(obx.components(unitRepetitions.get(0)).get(0));
            String exponent = obx.leaf(obx.components(unitRepetitions.get(1)).get(0));
            if (base != null && exponent != null && Observation.powerOfTen(base.strip(), exponent.strip())) {
                unit = base.strip() + "^" + exponent.strip();
            }
        }
        // OBX.5, the result's sub-ID (ASTM E1238): which germ of a culture an antibiogram's line is for (round 36, a tester:
        // AMX R and AMX S of two germs, nothing saying which)
        String subId = obx.value(5);
        return new Observation(seq, valueType, obx.component(4, 1), obx.component(4, 3), obx.component(4, 2), v,
                numeric, unit, range(obx.component(8, 1), obx.component(8, 2), obx.repetitions(8), obx),
                flags.length() == 0 ? null : flags.toString(), obx.value(12),
                observed != null ? observed : orderTime, null, subId == null ? null : new Observation.Grouping(0, subId, null, null));
    }

    /** OBX.8: one component as written; two components are the low and high limits. */
    private static String range(String first, String second, List<String> reps, HprimRecords.Record obx) {
        if (reps.isEmpty()) {
            return null;
        }
        if (obx.components(reps.get(0)).size() == 1) {
            return first;
        }
        return limits(first, second);
    }

    /** A normal range from its limits: {@code low-high}, {@code >low} or {@code <high}; null when none. */
    static String limits(String low, String high) {
        // "-" is a laboratory's "no limit" (38 of 77 public HPRIM Net files write -|- for a result without a range): it was
        // stored as the range "---" (round 36, a tester)
        low = low == null || low.strip().equals("-") ? null : low;
        high = high == null || high.strip().equals("-") ? null : high;
        if (low != null && high != null) {
            return low + "-" + high;
        }
        if (low != null) {
            return ">" + low;
        }
        return high == null ? null : "<" + high;
    }

    private static void comment(StringBuilder text, HprimRecords.Record c) {
        for (String rep : c.repetitions(4)) {
            StringBuilder sb = new StringBuilder();
            for (String comp : c.components(rep)) {
                String s = c.leaf(comp);
                if (s != null) {
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(s);
                }
            }
            if (sb.length() > 0) {
                line(text, sb.toString());
            }
        }
    }

    private static String firstComponent(HprimRecords.Record r, int field) {
        for (String rep : r.repetitions(field)) {
            for (String comp : r.components(rep)) {
                String s = r.leaf(comp);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    /** The sender id as the author institution when it is a FINESS or an OID, else null (the feed decides). */
    static String authorOrg(String senderId) {
        if (senderId == null) {
            return null;
        }
        return Finess.isValid(senderId) || OID.matcher(senderId).matches() ? senderId : null;
    }

    // ---- shared with HprimNet ------------------------------------------------------------------

    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("H?2\\.[0-9].*", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * HPRIM Santé's H record has its version (H2.0–H2.5) in H.13 and its date in H.14. Some exporters write one empty
     * field too many before the sender, which shifts every later field by one (three independent writers did, round 9:
     * every message was DATE_INVALID "H.14", the field too many before or after the sender); the version found in H.14
     * instead of H.13 says so, and only then is the date read one field later, and the sender and the type when their
     * own field is empty.
     */
    static int headerShift(HprimRecords.Record h) {
        boolean atThirteen = h.value(13) != null && VERSION.matcher(h.value(13).strip()).matches();
        boolean atFourteen = h.value(14) != null && VERSION.matcher(h.value(14).strip()).matches();
        return !atThirteen && atFourteen ? 1 : 0;
    }

    static Instant time(String raw, String field, ZoneId zone, List<Rejection> problems) {
        try {
            return HprimTime.instant(raw, zone);
        } catch (DateTimeException e) {
            problems.add(Rejection.of(ReasonCode.DATE_INVALID, field + " date unparseable"));
            return null;
        }
    }

    static void line(StringBuilder text, String line) {
        if (line == null) {
            return;
        }
        if (text.length() > 0) {
            text.append('\n');
        }
        text.append(line);
    }

    static TypeHint labHint(String evidence) {
        return new TypeHint(HINT_CODE, HINT_SYSTEM, HINT_DISPLAY, evidence);
    }

    static Unreadable corrupt(int index, String detail) {
        return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, detail));
    }

    static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
