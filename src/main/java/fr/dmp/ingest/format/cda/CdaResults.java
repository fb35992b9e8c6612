package fr.dmp.ingest.format.cda;

import fr.dmp.ingest.format.Observation;
import fr.dmp.ingest.format.hl7.Hl7Time;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of a structured lab report (CI-SIS CR-BIO, level 3): every {@code observation} entry of its body that has
 * a code and a value, in document order, read into the same {@link Observation} rows an ORU's OBX give, so that a lab
 * result is queryable whether it came by HL7 or by CDA. Found on an independent writer's CR-BIO (13 coded results with
 * units, flags and ranges): the document was stored with no result row.
 */
final class CdaResults {

    static final String LOINC_OID = "2.16.840.1.113883.6.1";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    /** CDA statusCode (ActStatus) to the OBX-11 result status the store keeps for HL7 results. */
    private static final Map<String, String> STATUS = Map.of("completed", "F", "active", "P", "aborted", "X",
            "cancelled", "X", "nullified", "W");

    /**
     * Observation classes that are no result (HL7 v3 ActClass): a condition (a discharge conclusion's "Established diagnosis:
     * asthma" was stored as a result, round 37, a tester), a clinical note of one, an alert.
     */
    private static final java.util.Set<String> NOT_RESULTS = java.util.Set.of("COND", "CNOD", "ALRT");

    private CdaResults() {
    }

    static List<Observation> of(Element structuredBody, ZoneId zone) {
        List<Observation> out = new ArrayList<>();
        if (structuredBody == null) {
            return out;
        }
        NodeList all = structuredBody.getElementsByTagNameNS(CdaReader.V3, "observation");
        for (int i = 0; i < all.getLength(); i++) {
            Element obs = (Element) all.item(i);
            if (!reportedHere(obs, structuredBody) || NOT_RESULTS.contains(obs.getAttribute("classCode").strip().toUpperCase(Locale.ROOT))) {
                continue;
            }
            Element code = CdaReader.child(obs, "code");
            Element value = CdaReader.child(obs, "value");
            String codeValue = code == null ? null : blank(code.getAttribute("code"));
            if (codeValue == null || value == null) {
                continue;
            }
            String system = blank(code.getAttribute("codeSystem"));
            String type = xsiType(value);
            String text;
            String unit = null;
            String valueType;
            if (type.startsWith("RTO")) {
                // a titre (RTO_PQ_PQ, RTO_INT_INT: IHE XD-LAB's serology) had no value attribute and was left out without a
                // word (round 36, a tester on Nictiz's examples): read as HL7's SN ratio, "1:64", no number
                type = "RTO";
            } else if (type.isEmpty() && blank(value.getAttribute("value")) != null && blank(value.getAttribute("unit")) != null) {
                type = "PQ"; // a value with a unit and no xsi:type (invalid: ANY is abstract) kept its number and lost its unit
            }
            switch (type) {
                case "RTO" -> {
                    valueType = "SN";
                    text = ratio(value);
                }
                case "PQ", "INT", "REAL", "MO" -> {
                    valueType = "NM";
                    text = blank(value.getAttribute("value"));
                    unit = blank(value.getAttribute("unit"));
                }
                case "IVL_PQ" -> {
                    valueType = "SN";
                    text = range(value);
                    unit = unitOf(value);
                }
                case "CD", "CE", "CV", "CO", "CS" -> {
                    valueType = "CE";
                    // the sender's own words first ("Positif faible" was stored as its displayName "Positif"), then the
                    // code's name, then the code (round 36, a tester)
                    Element original = CdaReader.child(value, "originalText");
                    String written = original == null ? null : blank(original.getTextContent());
                    text = written != null ? written : blank(value.getAttribute("displayName")) != null
                            ? blank(value.getAttribute("displayName")) : blank(value.getAttribute("code"));
                }
                default -> {
                    valueType = type.isEmpty() ? "ST" : type;
                    text = blank(value.getAttribute("value")) != null ? blank(value.getAttribute("value")) : blank(value.getTextContent());
                }
            }
            if (text == null) {
                continue; // a null flavour: no result to keep
            }
            Element status = CdaReader.child(obs, "statusCode");
            String statusCode = status == null ? null : blank(status.getAttribute("code"));
            out.add(new Observation(out.size() + 1, valueType, codeValue, LOINC_OID.equals(system) ? "LN" : system,
                    display(code), text, "NM".equals(valueType) ? real(text) : null, unit, referenceRange(obs),
                    interpretation(obs), statusCode == null ? null : STATUS.getOrDefault(statusCode.toLowerCase(Locale.ROOT), statusCode),
                    time(timeOf(obs, structuredBody), zone)));
        }
        return out;
    }

    /**
     * A comma and three digits after a number that does not start with 0: thousands or decimals, no one can say ("1,250"):
     * no number is made of it. "0,250" is a decimal comma (no thousands group starts with 0: a review).
     */
    private static final java.util.regex.Pattern AMBIGUOUS_COMMA = java.util.regex.Pattern.compile("[+-]?[1-9]\\d{0,2},\\d{3}");

    /**
     * A PQ's value as a number: a REAL has a decimal point (CDA R2 data types); a French sender's decimal comma ("98,5") is
     * read as one, but not a comma before exactly three digits: "1,250" from a sender writing thousands was stored 1.25,
     * a thousand times off for a query on the numbers (round 35, a tester on the Italian FSE examples).
     */
    static java.math.BigDecimal real(String text) {
        return AMBIGUOUS_COMMA.matcher(text.strip()).matches() ? null : Observation.number(text);
    }

    /**
     * An observation of this report: an event (moodCode EVN or none), not under an entryRelationship REFR. The CR-BIO
     * gives a result's earlier values (antériorités) so; they are results of earlier reports, not of this one (20 of
     * the 62 observations of the ANS electrophoresis example).
     */
    private static boolean reportedHere(Element obs, Element body) {
        String mood = obs.getAttribute("moodCode");
        if (!mood.isBlank() && !"EVN".equalsIgnoreCase(mood.strip())) {
            return false;
        }
        for (org.w3c.dom.Node n = obs.getParentNode(); n != null && n != body; n = n.getParentNode()) {
            if (n instanceof Element e && "entryRelationship".equals(e.getLocalName())
                    && "REFR".equalsIgnoreCase(e.getAttribute("typeCode").strip())) {
                return false;
            }
        }
        return true;
    }

    private static String xsiType(Element value) {
        String t = value.getAttributeNS(XSI, "type");
        int colon = t.indexOf(':');
        return (colon >= 0 ? t.substring(colon + 1) : t).strip().toUpperCase(Locale.ROOT);
    }

    private static String display(Element code) {
        String name = blank(code.getAttribute("displayName"));
        if (name != null) {
            return name;
        }
        Element original = CdaReader.child(code, "originalText");
        return original == null ? null : blank(original.getTextContent());
    }

    /** An RTO as written: numerator ':' denominator, each with its unit when it has one other than 1; null when either is missing. */
    private static String ratio(Element rto) {
        String n = quantity(CdaReader.child(rto, "numerator"));
        String d = quantity(CdaReader.child(rto, "denominator"));
        return n == null || d == null ? null : n + ":" + d;
    }

    private static String quantity(Element q) {
        if (q == null || blank(q.getAttribute("value")) == null) {
            return null;
        }
        String unit = blank(q.getAttribute("unit"));
        return blank(q.getAttribute("value")) + (unit == null || unit.equals("1") ? "" : " " + unit);
    }

    private static String range(Element ivl) {
        String low = bound(CdaReader.child(ivl, "low"));
        String high = bound(CdaReader.child(ivl, "high"));
        if (low == null && high == null) {
            return null;
        }
        // a one-sided bound is inclusive unless it says otherwise (CDA R2 data types, IVL): "<low value=40/>" was stored
        // ">40", a value of 40 outside a range it is inside (round 37, a tester)
        return low == null ? (inclusive(CdaReader.child(ivl, "high")) ? "<=" : "<") + high
                : high == null ? (inclusive(CdaReader.child(ivl, "low")) ? ">=" : ">") + low : low + "-" + high;
    }

    private static boolean inclusive(Element bound) {
        return !"false".equalsIgnoreCase(bound.getAttribute("inclusive").strip());
    }

    private static String bound(Element b) {
        return b == null ? null : blank(b.getAttribute("value"));
    }

    private static String unitOf(Element ivl) {
        for (String side : new String[] {"low", "high"}) {
            Element b = CdaReader.child(ivl, side);
            if (b != null && blank(b.getAttribute("unit")) != null) {
                return blank(b.getAttribute("unit"));
            }
        }
        // IVL_PQ is a PQ too in the XML ITS: a unit written on the interval itself was lost (round 37, a tester)
        return blank(ivl.getAttribute("unit"));
    }

    /** The first reference range: its interval ("3.5-6.5") or its text. */
    private static String referenceRange(Element obs) {
        Element range = CdaReader.child(CdaReader.child(obs, "referenceRange"), "observationRange");
        if (range == null) {
            return null;
        }
        Element value = CdaReader.child(range, "value");
        String interval = value == null ? null : range(value);
        if (interval != null) {
            return interval;
        }
        Element text = CdaReader.child(range, "text");
        return text == null ? null : blank(text.getTextContent());
    }

    /** The interpretation codes (H, L, N, A...), joined with '~' as repeated OBX-8 are. */
    private static String interpretation(Element obs) {
        List<String> codes = new ArrayList<>();
        for (Element i : CdaReader.children(obs, "interpretationCode")) {
            String c = blank(i.getAttribute("code"));
            if (c != null) {
                codes.add(c);
            }
        }
        return codes.isEmpty() ? null : String.join("~", codes);
    }

    /**
     * The result's own effectiveTime, else that of the nearest act around it (an organizer, a procedure): an Estonian
     * report times its results on the procedure that holds them, and they were stored with no time (round 37, a tester);
     * an ORU's result without OBX-14 takes its OBR-7 so.
     */
    private static Element timeOf(Element obs, Element body) {
        for (org.w3c.dom.Node n = obs; n != null && n != body; n = n.getParentNode()) {
            if (n instanceof Element e && CdaReader.V3.equals(e.getNamespaceURI()) && ACTS.contains(e.getLocalName())) {
                Element effective = CdaReader.child(e, "effectiveTime");
                if (effective != null && (blank(effective.getAttribute("value")) != null || CdaReader.child(effective, "low") != null
                        || CdaReader.child(effective, "center") != null)) {
                    return effective;
                }
            }
        }
        return null;
    }

    /** The acts whose time a result takes: a panel's organizer, the procedure that produced it (an encounter's or an act's time may be an admission's: a review). */
    private static final java.util.Set<String> ACTS = java.util.Set.of("observation", "organizer", "procedure");

    private static Instant time(Element effective, ZoneId zone) {
        if (effective == null) {
            return null;
        }
        String v = blank(effective.getAttribute("value"));
        for (String bound : new String[] {"low", "center"}) { // an interval's start, or its centre (round 36, a tester)
            if (v == null) {
                Element e = CdaReader.child(effective, bound);
                v = e == null ? null : blank(e.getAttribute("value"));
            }
        }
        try {
            return Hl7Time.instant(v, zone);
        } catch (DateTimeException | IllegalArgumentException e) {
            return null; // a result's own time is optional; the document's time stands
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
