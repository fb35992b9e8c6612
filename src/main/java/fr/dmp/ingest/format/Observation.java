package fr.dmp.ingest.format;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One structured result (an HL7 OBX or an HPRIM OBX line).
 *
 * @param seq           position in the document, from 1
 * @param valueType     NM, ST, TX, CE, CWE, SN, ...
 * @param numericValue  the value as a number when the type is numeric and it parses, else null
 * @param alternate     the test's second code (HL7 OBX-3.4/3.6: a lab's local code first, LOINC second), or null
 * @param grouping      where the result sits among the report's orders and isolates, or null when the format has none
 */
public record Observation(
        int seq,
        String valueType,
        String code,
        String codeSystem,
        String display,
        String value,
        BigDecimal numericValue,
        String unit,
        String referenceRange,
        String abnormalFlags,
        String resultStatus,
        Instant observedAt,
        Coding alternate,
        Grouping grouping) {

    /** A result without a second code nor grouping (HPRIM, CDA, the generator). */
    public Observation(int seq, String valueType, String code, String codeSystem, String display, String value,
                       BigDecimal numericValue, String unit, String referenceRange, String abnormalFlags,
                       String resultStatus, Instant observedAt) {
        this(seq, valueType, code, codeSystem, display, value, numericValue, unit, referenceRange, abnormalFlags,
                resultStatus, observedAt, null, null);
    }

    /** A code and its coding system (HL7 table 0396: LN for LOINC, L or 99xxx for a local code). */
    public record Coding(String code, String system) {
    }

    /**
     * Where a result sits in its report: its order (the OBR it follows, from 1), its sub-ID (OBX-4: which isolate of a
     * culture, which antibiogram) and the result its order depends on (OBR-26: the parent result's code and sub-ID). A
     * microbiology report sends one antibiogram order per germ, each naming its isolate by OBR-26 (round 28, a tester:
     * two ampicillin rows, R for one germ and S for the other, could not be told apart).
     */
    public record Grouping(int order, String subId, String parentCode, String parentSubId) {
    }

    /**
     * A report's status from its order's (OBR-25, HPRIM OBR.26) and its results' (OBX-11): a correction when any says C.
     * HL7 v2.5 table 0085 lets a sender flag a corrected result on the OBX alone (round 27, a tester: a CRP corrected by
     * OBX-11 C under OBR-25 F was stored as a second current report beside the stale one).
     */
    public static String reportStatus(String orderStatus, java.util.List<Observation> results) {
        if ("C".equals(orderStatus)) {
            return orderStatus;
        }
        java.util.Set<String> stated = new java.util.HashSet<>();
        for (Observation o : results) {
            if (o.resultStatus() != null && !o.resultStatus().isBlank()) {
                stated.add(o.resultStatus().strip().toUpperCase(java.util.Locale.ROOT));
            }
        }
        if (stated.contains("C")) {
            return "C";
        }
        if (orderStatus != null && !orderStatus.isBlank()) {
            return orderStatus;
        }
        // OBR-25 left empty (many senders): the results' highest status, as V44 read the reports stored before (a review:
        // a final resent with OBR-25 empty replaced its correction of the same time)
        return stated.contains("F") ? "F" : stated.contains("P") ? "P" : stated.stream().sorted().findFirst().orElse(orderStatus);
    }

    /** Digits grouped by threes with a space, as French writes thousands ("1 250", also with a no-break space). */
    private static final java.util.regex.Pattern GROUPED = java.util.regex.Pattern.compile("[+-]?\\d{1,3}([ \u00A0\u202F]\\d{3})+([.,]\\d+)?");

    /** A power of ten's base as labs print it before a caret: 10, x10, X10, ×10, *10. */
    private static final java.util.regex.Pattern POWER_OF_TEN = java.util.regex.Pattern.compile("[xX×*]?10");
    /** What follows that caret: an exponent of one or two digits, then the unit's rest ({@code 9/L}, {@code 12/L}, {@code 3/µL}). */
    private static final java.util.regex.Pattern EXPONENT = java.util.regex.Pattern.compile("\\d{1,2}(?:[/ .].*)?");

    /**
     * Whether a unit split at an unescaped caret is a power of ten ({@code 10} then {@code 9/L}): HL7 reads it as two
     * components, HPRIM as two repetitions; either way it is one unit, {@code 10^9/L}.
     */
    public static boolean powerOfTen(String base, String exponent) {
        return base != null && exponent != null && POWER_OF_TEN.matcher(base).matches() && EXPONENT.matcher(exponent).matches();
    }

    /**
     * A result value as a number, a decimal comma accepted and thousands grouped by spaces (French laboratories
     * write "1 250 UI/L", "85 000 /mL"), or null when it is not one.
     */
    public static BigDecimal number(String value) {
        String v = value.strip();
        if (GROUPED.matcher(v).matches()) {
            v = v.replace(" ", "").replace("\u00A0", "").replace("\u202F", "");
        }
        try {
            return new BigDecimal(v.replace(',', '.'));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The result as one line of the document's text, the same for every lab format. */
    public String textLine() {
        StringBuilder sb = new StringBuilder();
        sb.append(display != null ? display : code).append(" : ");
        sb.append(value == null ? "" : value);
        if (unit != null) {
            sb.append(' ').append(unit);
        }
        if (referenceRange != null) {
            sb.append(" (").append(referenceRange).append(')');
        }
        if (abnormalFlags != null) {
            sb.append(" [").append(abnormalFlags).append(']');
        }
        return sb.toString();
    }

    /** The code only: a result's value is health data. */
    @Override
    public String toString() {
        return "Observation[" + seq + ", " + valueType + ", " + code + "]";
    }
}
