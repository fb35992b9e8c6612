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
import fr.dmp.ingest.domain.ShownCode;
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


/** Small readings of HL7 v2 fields shared by the reader, the patient and the observations. */
final class Hl7Fields {

    private Hl7Fields() {
    }

    static Instant time(String raw, String field, ZoneId zone, List<Rejection> problems) {
        try {
            return Hl7Time.instant(raw, zone);
        } catch (DateTimeException e) {
            problems.add(Rejection.of(ReasonCode.DATE_INVALID, field + " date/time unparseable"));
            return null;
        }
    }

    /**
     * The sending facility's FINESS when MSH-4 gives one (its universal id, else its namespace id), else none: the store
     * then writes the feed's FINESS (feeds.md). MSH-4.2 was stored as it came, the structures' OID root
     * {@code 1.2.250.1.71.4.2.2} or a local code as the author institution, so that an opposition to a laboratory's FINESS
     * could never match its HL7 results (round 36, two testers; identifiers.md: one FINESS check everywhere).
     */
    static String senderFiness(MSH msh) {
        HD facility = msh.getSendingFacility();
        for (String v : new String[] {value(facility.getUniversalID()), value(facility.getNamespaceID())}) {
            if (v != null && fr.dmp.ingest.domain.Finess.isValid(v.strip())) {
                return v.strip();
            }
        }
        return null;
    }

    static String hd(HD hd) {
        String ns = value(hd.getNamespaceID());
        String uid = value(hd.getUniversalID());
        if (ns == null && uid == null) {
            return null;
        }
        return uid == null ? ns : (ns == null ? uid : ns + "&" + uid);
    }

    static String value(Primitive p) {
        if (p == null) {
            return null;
        }
        String v = p.getValue();
        return v == null || v.isBlank() || isNull(v) ? null : v.strip();
    }

    /** {@link #value}, for text a person reads (a title, a result, a comment): its hexadecimal escapes undone too. */
    static String text(Primitive p) {
        String v = value(p);
        String decoded = hexUnescaped(v);
        // a one-line field: an escaped line break is a space, another control character is dropped (a review, round 31:
        // an escaped NUL in a result's name ended the file INTERNAL_ERROR at the COPY)
        return decoded == v ? v : ONE_LINE_CONTROLS.matcher(decoded.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' '))
                .replaceAll("").strip();
    }

    private static final java.util.regex.Pattern ONE_LINE_CONTROLS = java.util.regex.Pattern.compile("\\p{Cc}");

    /** {@code \Xhh..\}: bytes written in hexadecimal by a 7-bit sender (HL7 v2.5 2.7.5), {@code M\XE9\lanie}. */
    private static final java.util.regex.Pattern HEX = java.util.regex.Pattern.compile("\\\\X((?:[0-9A-Fa-f]{2})+)\\\\");

    /**
     * Hexadecimal escapes undone (an independent writer's lab escaped the é of Mélanie; round 31, a tester's results and
     * titles kept {@code caf\XE9\}): the bytes read as UTF-8 when they are valid UTF-8, else as Windows-1252 (a superset
     * of the 8859/1 such senders declare). A line break stays one ({@code \X0D0A\}); other control characters are
     * dropped from text (a name is checked as any name is, TraitCharacters, so an escaped control is still refused there).
     */
    static String hexUnescaped(String s) {
        if (s == null || s.indexOf('\\') < 0) {
            return s;
        }
        return HEX.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(decodeHex(m.group(1))));
    }

    private static String decodeHex(String hex) {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);
        String decoded;
        try {
            decoded = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            decoded = new String(bytes, java.nio.charset.Charset.forName("windows-1252"));
        }
        return decoded;
    }

    /**
     * HL7 v2 2.5.3: a field holding only {@code ""} is present and null ("delete the value"); for one message read on
     * its own that is no value (round 12: an OBR-22 or TXA-6 of {@code ""} was DATE_INVALID, not absent).
     */
    static boolean isNull(String v) {
        return v.strip().equals("\"\"");
    }

    static boolean isEmpty(ca.uhn.hl7v2.model.Segment segment) {
        try {
            return segment.isEmpty();
        } catch (HL7Exception e) {
            return true;
        }
    }

    static String messageType(Message message) {
        try {
            ca.uhn.hl7v2.util.Terser t = new ca.uhn.hl7v2.util.Terser(message);
            // a sender's bytes in MSH-9 (a name, an INS put there by mistake) are never echoed: HL7 codes only
            return ShownCode.HL7.shown(t.get("/MSH-9-1")) + "^" + ShownCode.HL7.shown(t.get("/MSH-9-2"));
        } catch (HL7Exception e) {
            return message.getName();
        }
    }

    static String where(HL7Exception e) {
        StringBuilder sb = new StringBuilder();
        ca.uhn.hl7v2.Location location = e.getLocation();
        if (location != null && !location.isUnknown() && location.getSegmentName() != null) {
            sb.append(" in ").append(location.getSegmentName());
            if (location.getField() > 0) {
                sb.append('-').append(location.getField());
            }
        }
        return sb.toString();
    }

    static String sanitize(String s) {
        String t = s.replaceAll("[^A-Za-z0-9 /._-]", "?");
        return t.length() > 40 ? t.substring(0, 40) : t;
    }

    /**
     * An MSH-18 value as a rejection may say it: a character set's name (short, with a digit, as 8859/15 or UTF-16),
     * or only its length, so that a sender's misplaced field (a name, an identifier) is never echoed.
     */
    static String charsetNameOrLength(String value) {
        return value.matches("[A-Za-z0-9 ._/-]{1,20}") && value.chars().anyMatch(Character::isDigit)
                ? value : "a value of " + value.length() + " characters that names no character set";
    }

    static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /** MSH-18 may repeat (~) or carry components: the first value names the character set. */
    static String firstRepetition(String field, char separator) {
        int end = field.length();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '~' || c == separator) {
                end = i;
                break;
            }
        }
        return field.substring(0, end);
    }


    /** Segments separated by CR only, as HAPI expects. */
    static String normaliseSegments(String text) {
        String t = text.replace("\r\n", "\r").replace('\n', '\r');
        int end = t.length();
        while (end > 0 && t.charAt(end - 1) == '\r') {
            end--;
        }
        return t.substring(0, end);
    }

    /** No result's text comes near a base64 run this long: it is a document's bytes. */
    private static final java.util.regex.Pattern BASE64_RUN = java.util.regex.Pattern.compile("[A-Za-z0-9+/]{256,}");

    /**
     * An OBX read as text (its OBX-2 says ST, TX or FT, is empty or is outside table 0125: HAPI then writes ST there, see
     * Hl7Reader) while its OBX-5 is an ED's components ({@code app^type^subtype^Base64^data}) or a base64 run longer
     * than an ST may be (HL7: 199): a document whose type was lost. Read as text it would be stored as a result's
     * value, outside the sealed content (found by review; TX and FT too, since a report's text is one of them).
     */
    static boolean untypedDocument(OBX obx) {
        try {
            if (obx.getObservationValueReps() == 0) {
                return false;
            }
            for (Varies v : obx.getObservationValue()) {
                if (!(v.getData() instanceof ca.uhn.hl7v2.model.v26.datatype.ST || v.getData() instanceof ca.uhn.hl7v2.model.v26.datatype.TX
                        || v.getData() instanceof ca.uhn.hl7v2.model.v26.datatype.FT)) {
                    return false; // a type HAPI knows, ED included
                }
                String encoded = PipeParser.encode(v, ca.uhn.hl7v2.parser.EncodingCharacters.getInstance(obx.getMessage()));
                String[] components = encoded.split(java.util.regex.Pattern.quote(String.valueOf(
                        obx.getMessage().getEncodingCharactersValue().charAt(0))), -1);
                if (components.length >= 5 && "BASE64".equalsIgnoreCase(components[3].strip()) || hasBase64Run(encoded)) {
                    return true;
                }
            }
            return false;
        } catch (HL7Exception e) {
            return false;
        }
    }

    /**
     * A run of 256 base64 characters or more that mixes capitals, small letters and digits, as encoded bytes do: a
     * separator line of slashes or plus signs in a text report is not one.
     */
    static boolean hasBase64Run(String s) {
        java.util.regex.Matcher m = BASE64_RUN.matcher(s);
        while (m.find()) {
            boolean upper = false;
            boolean lower = false;
            boolean digit = false;
            for (int i = m.start(); i < m.end() && !(upper && lower && digit); i++) {
                char c = s.charAt(i);
                upper |= c >= 'A' && c <= 'Z';
                lower |= c >= 'a' && c <= 'z';
                digit |= c >= '0' && c <= '9';
            }
            if (upper && lower && digit) {
                return true;
            }
        }
        return false;
    }

    static Unreadable corrupt(int index, String detail) {
        return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, detail));
    }

}
