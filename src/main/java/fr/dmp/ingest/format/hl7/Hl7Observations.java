package fr.dmp.ingest.format.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v26.datatype.CWE;
import ca.uhn.hl7v2.model.v26.datatype.CX;
import ca.uhn.hl7v2.model.v26.datatype.HD;
import ca.uhn.hl7v2.model.v26.datatype.IS;
import ca.uhn.hl7v2.model.v26.datatype.XAD;
import ca.uhn.hl7v2.model.v26.datatype.XPN;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v26.message.MDM_T02;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.model.v26.segment.MSH;
import ca.uhn.hl7v2.model.v26.segment.NTE;
import ca.uhn.hl7v2.model.v26.segment.OBR;
import ca.uhn.hl7v2.model.v26.segment.OBX;
import ca.uhn.hl7v2.model.v26.segment.PID;
import ca.uhn.hl7v2.model.v26.segment.TXA;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.FirstNames;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.format.Content;
import fr.dmp.ingest.format.DocumentMeta;
import fr.dmp.ingest.format.EmbeddedBytes;
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
import fr.dmp.ingest.format.cda.CdaReader;
import fr.dmp.ingest.format.pdf.PdfReader;
import fr.dmp.ingest.format.pdf.PdfText;
import fr.dmp.ingest.format.Base64Bounded;

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

import static fr.dmp.ingest.format.hl7.Hl7Fields.*;

/** OBX results, their values (repetitions, HL7 formatting escapes, decimal commas) and NTE comments (formats.md). */
final class Hl7Observations {

    private Hl7Observations() {
    }

    /** FT {@code \.sp<n>\}: end the line and skip n lines (HL7 2.7); {@code \.sp2\} was kept as written (round 27). */
    static final java.util.regex.Pattern SKIP_LINES = java.util.regex.Pattern.compile("\\\\\\.sp ?\\+?(\\d{0,3})\\\\");
    static final java.util.regex.Pattern FORMATTING = java.util.regex.Pattern.compile("\\\\\\.(in|ti|sk|fi|nf)[^\\\\]*\\\\");

    /**
     * One OBX. {@code order} is its order's place (the OBR it follows, from 1, and that order's OBR-26 parent result);
     * the result adds its own sub-ID (OBX-4).
     */
    static Observation observation(int seq, OBX obx, Instant orderTime, ZoneId zone, List<Rejection> problems,
                                           int[] repairs, Observation.Grouping order) {
        String valueType = value(obx.getValueType());
        CWE id = obx.getObservationIdentifier();
        String value = observationValue(obx, repairs);
        BigDecimal numeric = null;
        if (value != null && "SN".equalsIgnoreCase(valueType)) {
            numeric = structuredNumber(value);
            value = structuredNumberText(value);
        } else if (value != null && "NM".equalsIgnoreCase(valueType)) {
            numeric = parseNumber(value);
        }
        StringBuilder flags = new StringBuilder();
        for (IS flag : obx.getAbnormalFlags()) {
            String f = value(flag);
            if (f != null) {
                if (flags.length() > 0) {
                    flags.append('~');
                }
                flags.append(f);
            }
        }
        Instant observed = time(value(obx.getDateTimeOfTheObservation()), "OBX-14", zone, problems);
        CWE units = obx.getUnits();
        String unit = unit(text(units.getIdentifier()), text(units.getText()), value(units.getNameOfCodingSystem()));
        String alternateCode = value(id.getAlternateIdentifier());
        Observation.Coding alternate = alternateCode == null ? null
                : new Observation.Coding(alternateCode, value(id.getNameOfAlternateCodingSystem()));
        // OBX-4 whole: newborn screening's grouped sub-IDs (^3^1, 1^9^1, OG in HL7 2.8) lost all but their first part,
        // fifty results of one code told apart by nothing (round 36, a tester on CDC's trusted-intermediary messages)
        String subId = subId(obx.getObservationSubID());
        Observation.Grouping grouping = order == null && subId == null ? null
                : new Observation.Grouping(order == null ? 0 : order.order(), subId,
                order == null ? null : order.parentCode(), order == null ? null : order.parentSubId());
        return new Observation(seq, valueType, value(id.getIdentifier()), value(id.getNameOfCodingSystem()),
                text(id.getText()), value, numeric, unit, referenceRange(obx, repairs),
                flags.length() == 0 ? null : flags.toString(), value(obx.getObservationResultStatus()),
                observed != null ? observed : orderTime, alternate, grouping);
    }

    /**
     * OBX-7 whole: a range some senders split into components ({@code 3.5^5.0}, Cerner's {@code ^^10.000000}) was cut
     * to its first component or emptied (round 28, a tester); kept as sent, components joined by {@code ^}.
     */
    static String referenceRange(OBX obx, int[] repairs) {
        int[] joined = {0};
        String range = typeText(obx.getReferencesRange(), joined);
        if (range == null || range.isBlank() || isNull(range)) {
            return null; // HL7's explicit null "" is no range (a review: stored as the two characters)
        }
        if (joined[0] > 0) {
            repairs[0]++;
        }
        return range.strip();
    }

    /** A sub-ID whole, its components or sub-components joined by {@code ^}; HL7's explicit null {@code ""} is none. */
    static String subId(Type field) {
        String v = typeText(field, new int[1]);
        return v == null || v.isBlank() || isNull(v) ? null : v.strip();
    }

    /** The place of an order's results: its position in the report and its OBR-26 parent result (code, sub-ID). */
    static Observation.Grouping orderPlace(int order, OBR obr) {
        String parentCode = value(obr.getParentResult().getParentObservationIdentifier().getIdentifier());
        // whole, as OBX-4 is: a grouped 1&9&1 was cut to 1 while the results' sub-IDs kept 1^9^1 (a review, round 36)
        String parentSubId = subId(obr.getParentResult().getParentObservationSubIdentifier());
        return new Observation.Grouping(order, null, parentCode, parentSubId);
    }

    /** OBX-5, all repetitions; text a sender left with unescaped delimiters is joined back (a repair). */
    static String observationValue(OBX obx, int[] repairs) {
        StringBuilder sb = new StringBuilder();
        String type = obx.getValueType().getValue();
        // in text (TX, FT) each repetition is a line, an empty one a blank line (HL7 v2.5 2.A.79): "A~~B" lost its blank
        // line (round 37, a tester on Google's examples)
        boolean lines = "TX".equalsIgnoreCase(type) || "FT".equalsIgnoreCase(type);
        int blanks = 0;
        for (Varies v : obx.getObservationValue()) {
            String s = typeText(v.getData(), repairs);
            if (s != null && isNull(s)) {
                continue; // HL7's explicit null "" is no value: stored as the two characters, a correction carrying it
                // replaced a final value (round 36, a tester)
            }
            if (s == null || s.isEmpty()) {
                blanks += lines && sb.length() > 0 ? 1 : 0;
                continue;
            }
            if (sb.length() > 0) {
                sb.append("\n".repeat(1 + blanks));
            }
            blanks = 0;
            sb.append(s);
        }
        return sb.length() == 0 ? null : formatting(sb.toString());
    }

    static String typeText(Type data, int[] repairs) {
        if (data instanceof Primitive p) {
            String base = p.getValue();
            Type[] extra = p.getExtraComponents().numComponents() == 0 ? new Type[0] : extraComponents(p);
            if (extra.length == 0) {
                return base;
            }
            // free text with an unescaped component separator: HAPI split it, we join it back
            StringBuilder sb = new StringBuilder(base == null ? "" : base);
            for (Type t : extra) {
                sb.append('^');
                String s = typeText(t, repairs);
                sb.append(s == null ? "" : s);
            }
            repairs[0]++;
            return sb.toString();
        }
        if (data instanceof Varies v) {
            return typeText(v.getData(), repairs);
        }
        if (data instanceof Composite c) {
            List<String> parts = new ArrayList<>();
            for (Type t : c.getComponents()) {
                String s = typeText(t, repairs);
                parts.add(s == null ? "" : s);
            }
            int last = parts.size();
            while (last > 0 && parts.get(last - 1).isEmpty()) {
                last--;
            }
            return last == 0 ? null : String.join("^", parts.subList(0, last));
        }
        return null;
    }

    static Type[] extraComponents(Primitive p) {
        int n = p.getExtraComponents().numComponents();
        Type[] types = new Type[n];
        for (int i = 0; i < n; i++) {
            types[i] = p.getExtraComponents().getComponent(i);
        }
        return types;
    }

    /** HL7 formatting escapes that HAPI leaves in place: line breaks become newlines, the rest goes. */
    static String formatting(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        // \.ce\ ends the line and centres the next (a title: round 29, a tester found it glued to the line before)
        String formatted = SKIP_LINES.matcher(s.replace("\\.br\\", "\n").replace("\\.ce\\", "\n").replace("\\H\\", "")
                        .replace("\\N\\", ""))
                .replaceAll(m -> "\n".repeat(m.group(1).isEmpty() ? 1 : Math.max(1, Math.min(10, Integer.parseInt(m.group(1))))))
                .transform(t -> FORMATTING.matcher(t).replaceAll(""));
        String decoded = Hl7Fields.hexUnescaped(formatted);
        // an escaped line break is one; any other control character escaped in hexadecimal has no place in text
        return decoded == formatted ? formatted
                : CONTROLS.matcher(decoded.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("");
    }

    private static final java.util.regex.Pattern CONTROLS = java.util.regex.Pattern.compile("[\\p{Cc}&&[^\\n\\t]]");

    /**
     * SN (HL7 2.A.71): comparator ^ number ^ separator or suffix ^ number, written as a reader reads it ({@code <28},
     * {@code >=1000}, {@code 1:128}, {@code 2-5}): the components' carets were stored ({@code <^28}, round 36, a tester).
     * A value that is not four components at most is kept as sent.
     */
    static String structuredNumberText(String value) {
        String[] c = value.strip().split("\\^", -1);
        if (c.length > 4 || c.length < 2) {
            return value;
        }
        StringBuilder sb = new StringBuilder();
        for (String part : c) {
            sb.append(part.strip());
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** An SN's number when it is one: no comparator but "=", no second number (a ratio or a range is none). */
    static BigDecimal structuredNumber(String value) {
        String[] c = value.strip().split("\\^", -1);
        if (c.length == 1) {
            return parseNumber(value);
        }
        if (c.length > 4 || !(c[0].isBlank() || c[0].strip().equals("="))
                || c.length > 2 && !c[2].isBlank() || c.length > 3 && !c[3].isBlank()) {
            return null;
        }
        return Observation.number(c[1].strip());
    }

    static BigDecimal parseNumber(String value) {
        String v = value.strip();
        // SN with an empty comparator, or "=" (equal: the number as it is; "=^1,30" had none, round 27)
        return Observation.number(v.startsWith("^") ? v.substring(1) : v.startsWith("=^") ? v.substring(2) : v);
    }


    static void appendLine(StringBuilder text, String a, String b) {
        String s = a != null ? a : b;
        if (s != null) {
            text.append(s);
        }
    }

    static void appendComment(StringBuilder text, NTE nte) {
        for (var ft : nte.getComment()) {
            String c = value(ft);
            if (c != null) {
                text.append('\n').append(formatting(c));
            }
        }
    }



    /**
     * OBX-6: the unit's code (UCUM's {@code mg/dL}), else its text; but its text when the code is a LIS's table key (a
     * colon or digits only, {@code CD:289^mg/dL}): "CD:289" was stored and the unit lost (round 29, a tester on
     * simple-hl7's messages).
     */
    static String unit(String code, String text, String system) {
        if (Observation.powerOfTen(code, text)) {
            // "10^9/L" written without escaping its caret (HL7: \S\) reads as code 10, text 9/L: "9/L" was stored for a
            // white cell count, "x10" for another sender's (round 30, a tester on hl7v2-rs and HL7v2Kit's fixtures)
            return code + "^" + text;
        }
        if (code == null || text == null || "UCUM".equalsIgnoreCase(system)) {
            return firstNonNull(code, text); // UCUM's "1" is a unit
        }
        boolean tableKey = code.indexOf(':') >= 0 || code.chars().allMatch(Character::isDigit);
        return tableKey ? text : code;
    }
}
