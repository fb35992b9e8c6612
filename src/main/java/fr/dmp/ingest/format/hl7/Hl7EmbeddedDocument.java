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
import static fr.dmp.ingest.format.hl7.Hl7Observations.*;

/**
 * A document an HL7 v2 message carries base64-encoded in an ED observation (ORU or MDM, formats.md),
 * checked against its declared type and read by the CDA or PDF reader.
 */
final class Hl7EmbeddedDocument {

    private final CdaReader cda = new CdaReader();

    /** ED-3 data subtypes (HL7 table 0291) of the scans and RTF a non-structured document may be, to their media type. */
    private static final java.util.Map<String, String> SCANNED_OR_RTF = java.util.Map.of("JPEG", "image/jpeg", "JPG",
            "image/jpeg", "TIFF", "image/tiff", "RTF", "text/rtf");

    /** {@code \X0D\}, {@code \X0A\}, {@code \X0D0A\} and {@code \.br\}: a line break, escaped (HL7 v2.5 2.7.5, 2.7.6). */
    private static final java.util.regex.Pattern LINE_BREAK_ESCAPE = java.util.regex.Pattern.compile(
            "\\\\(?:X(?:0[DA])+|\\.br)\\\\", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Base64 characters only (a repetition that goes on with the data and nothing else). */
    private static final java.util.regex.Pattern BASE64_ONLY = java.util.regex.Pattern.compile("[A-Za-z0-9+/=\\s]{4,}");

    /** "%PDF" and "<?xml" in base64: a repetition that starts a document of its own. */
    private static final String PDF_IN_BASE64 = "JVBER";
    private static final String XML_IN_BASE64 = "PD94bWw";

    /** The first text of a field as sent: its first component's first sub-component, or null. */
    private static String firstText(Type t) {
        if (t instanceof Primitive p) {
            return p.getValue();
        }
        return t instanceof Composite c && c.getComponents().length > 0 ? firstText(c.getComponents()[0]) : null;
    }

    /**
     * Whether an ED declares an HTML rendering (ED-2 TEXT or none, ED-3 HTML, or ED-3 "text/html"): a display copy of
     * results sent beside them (newborn screening's "summary report for display or printing", LOINC 57129-9), not a
     * document this reader takes.
     */
    static boolean htmlRendering(OBX obx) {
        Varies[] values = obx.getObservationValue();
        if (values.length == 0 || !(values[0].getData() instanceof Composite ed)) {
            return false;
        }
        String type = component(ed, 1);
        String subtype = component(ed, 2);
        if (subtype == null && type != null && type.indexOf('/') > 0) {
            subtype = type; // a MIME type in ED-2, ED-3 empty ("text/HTML; charset=utf-8": an attacker, round 36)
            type = null;
        }
        if (subtype == null) {
            return false;
        }
        String sub = subtype.strip().toUpperCase(java.util.Locale.ROOT);
        if (sub.indexOf(';') >= 0) {
            sub = sub.substring(0, sub.indexOf(';')).strip();
        }
        if (sub.startsWith("TEXT/")) {
            sub = sub.substring(5);
        }
        return sub.equals("HTML") && (type == null || type.strip().equalsIgnoreCase("TEXT")) && htmlBytes(component(ed, 4));
    }

    /**
     * Whether base64 data starts as HTML does ({@code <html} or {@code <!DOCTYPE html} in its first kilobyte) and holds no
     * PDF nor CDA there: a prescription PDF or another patient's CDA declared as an HTML rendering was left out unread
     * (round 36, an attacker); such a declaration then goes the way of any ED (the bytes must be what is declared).
     */
    static boolean htmlBytes(String data) {
        if (data == null) {
            return false;
        }
        String head = data.strip();
        head = head.substring(0, Math.min(head.length(), 1368)); // 1,026 bytes
        head = head.substring(0, head.length() - head.length() % 4);
        byte[] bytes;
        try {
            bytes = java.util.Base64.getMimeDecoder().decode(head);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        return (text.contains("<html") || text.contains("<!doctype html")) && !text.contains("%pdf-")
                && !text.contains("clinicaldocument");
    }

    /** ED component {@code i} (0-based: 3 the encoding, 4 the data) as sent, or null. */
    private static String component(Composite ed, int i) {
        Type[] parts = ed.getComponents();
        return parts.length > i && parts[i] instanceof Primitive p ? p.getValue() : null;
    }

    /**
     * The data of OBX-5's repetitions after the first, appended: an interface with a field length cap splits a long
     * base64 over repetitions of the ED value (found on an independent writer's MDM: only the first part was read, a
     * PDF without pages). Only repetitions that are EDs themselves, with a Base64 encoding or none, are joined; null
     * when a repetition starts a whole document of its own.
     */
    private static String joinedRepetitions(String first, Varies[] values) {
        StringBuilder all = new StringBuilder(first);
        for (int i = 1; i < values.length; i++) {
            if (!(values[i].getData() instanceof Composite ed)) {
                continue;
            }
            String encoding = component(ed, 3);
            String data = component(ed, 4);
            String alone = firstText(ed);
            if (data == null && encoding == null && component(ed, 1) == null && component(ed, 2) == null
                    && alone != null && BASE64_ONLY.matcher(alone).matches()) {
                // the rest of the base64 alone in the repetition, without repeating "^AP^PDF^Base64^": HAPI reads it as the
                // ED's first component (ED.1, the source application); it was skipped, the PDF refused "truncated" (round 35,
                // a tester)
                data = alone;
            }
            if (data != null && (encoding == null || "BASE64".equalsIgnoreCase(encoding.strip()))) {
                if (data.strip().startsWith(PDF_IN_BASE64) || data.strip().startsWith(XML_IN_BASE64)) {
                    return null; // a second whole PDF or CDA, not the rest of the first: several documents (refused)
                }
                all.append(data);
            }
        }
        return all.toString();
    }

    /**
     * A document carried base64-encoded in an ED observation: a CDA is read by the CDA reader (its own
     * header gives the metadata; what the message adds fills the gaps), a PDF takes the message's
     * metadata. Decoding is bounded by the feed's limit.
     */
    ReadItem read(OBX obx, int index, PatientRef patient, DocumentMeta meta,
                                      List<Rejection> problems, ReadContext context) {
        Varies[] values = obx.getObservationValue();
        if (values.length == 0 || !(values[0].getData() instanceof Composite ed)) {
            return corrupt(index, "ED observation without data");
        }
        Type[] parts = ed.getComponents();
        String encoding = component(ed, 3);
        String data = component(ed, 4);
        if (data == null || data.isBlank()) {
            return corrupt(index, "ED observation without data");
        }
        data = joinedRepetitions(data, values);
        if (data == null) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED,
                    "several documents in the repetitions of one OBX-5: send one per OBX"));
        }
        // an interface that wraps the base64 at 64 or 76 characters (PEM, MIME) escapes its line ends the HL7 way, which
        // HAPI leaves in the value (found on an independent writer's MDM files: refused "broken base64")
        data = LINE_BREAK_ESCAPE.matcher(data).replaceAll("");
        if (encoding != null && !"BASE64".equalsIgnoreCase(encoding.strip())) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, "ED encoding other than Base64"));
        }
        byte[] decoded;
        try {
            decoded = Base64Bounded.decode(data, context.maxBytes());
        } catch (Base64Bounded.TooLarge e) {
            return new Unreadable(index, Rejection.of(ReasonCode.TOO_LARGE, "embedded document over " + context.maxBytes() + " bytes"));
        } catch (IllegalArgumentException e) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "embedded document: broken base64"));
        }
        // ED-3, the data subtype (HL7 table 0291: PDF, XML...), when given, must be what the bytes are, and bytes
        // that are not a PDF must not be another known format (this reader takes a PDF or a CDA, nothing else):
        // the reader goes by the bytes, but a mismatch is a disguise (EmbeddedBytes), UNSAFE_CONTENT as for a
        // CDA's nonXMLBody. A PDF then passes the active-content check in PdfText.
        String subtype = parts.length > 2 && parts[2] instanceof Primitive p ? value(p) : null;
        String type = parts.length > 1 && parts[1] instanceof Primitive p ? value(p) : null;
        if (subtype != null && subtype.indexOf('/') > 0 && type == null) {
            // a MIME type written whole in ED-3, ED-2 empty (Apache Camel's MDM, {@code ^^text/html^Base64}, round 32): its
            // text/html was checked as XML and refused "declared XML"
            type = subtype.substring(0, subtype.indexOf('/'));
            subtype = subtype.substring(subtype.indexOf('/') + 1);
            if (subtype.indexOf(';') >= 0) {
                subtype = subtype.substring(0, subtype.indexOf(';')).strip(); // "pdf; name=cr.pdf" (an attacker)
            }
        }
        java.util.Optional<Rejection> mismatch;
        String where = "embedded document (ED)";
        String scanned = subtype == null ? null : SCANNED_OR_RTF.get(subtype.toUpperCase(java.util.Locale.ROOT));
        if (scanned != null) {
            // a scanned paper document (JPEG, TIFF) or an RTF, as a CDA's non-structured body may be (codes.md xds-sd):
            // stored as sent, no text, if the bytes are what ED-3 says
            mismatch = EmbeddedBytes.checkScannedOrRtf(decoded, scanned, where);
            if (mismatch.isPresent()) {
                return new Unreadable(index, mismatch.get());
            }
            Content content = new Content(decoded, Sha256.hex(decoded), EmbeddedBytes.SCANNED_OR_RTF.get(scanned), "");
            return new SourceDocument(index, SourceFormat.HL7V2, "ORU^R01", patient, meta, content, List.of(), problems, 0,
                    List.of(SourceDocument.NO_TEXT_LAYER));
        }
        if (subtype != null && subtype.equalsIgnoreCase("PDF")) {
            mismatch = EmbeddedBytes.checkPdf(decoded, where);
        } else if (isPdf(decoded)) {
            mismatch = subtype == null ? java.util.Optional.empty()
                    : EmbeddedBytes.mismatch(where, subtype, org.apache.tika.mime.MediaType.application("pdf"));
        } else if (subtype != null && NEITHER_PDF_NOR_XML.contains(subtype.toUpperCase(java.util.Locale.ROOT))) {
            mismatch = java.util.Optional.empty(); // refused below, named by its declared type: nothing disguised
        } else {
            // named as ED-3 says when it says something (an attacker: x-msdownload bytes were "declared XML")
            mismatch = EmbeddedBytes.checkXml(decoded, where, subtype == null ? "XML"
                    : (type == null ? "" : type + "/") + subtype);
        }
        if (mismatch.isPresent()) {
            return new Unreadable(index, mismatch.get());
        }
        // an ED-3 other than XML names what the bytes are even when they look like XML: an HTML display rendering
        // (TEXT/HTML) was refused "XML that is not a CDA R2 ClinicalDocument" (round 30, a tester on HL7v2Kit)
        boolean notXml = !startsLikeXml(decoded) && (subtype == null || !subtype.equalsIgnoreCase("XML"))
                || subtype != null && NEITHER_PDF_NOR_XML.contains(subtype.toUpperCase(java.util.Locale.ROOT));
        if (!isPdf(decoded) && notXml) {
            // text (ED-2 TEXT, a teleradiology protocol) is not a document this reader takes: it was refused "malformed
            // XML", naming a format the sender never used (round 28, a tester on the ANS teleradiology guide); bytes
            // declared XML that are not stay FORMAT_CORRUPT (the CDA reader's "malformed XML")
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, where + " of type "
                    + shownType(type, subtype) + " is neither a PDF nor a CDA: this reader takes those two"));
        }
        if (isPdf(decoded)) {
            PdfText.Result r = PdfText.extract(decoded, context.maxBytes(), context.maxPdfPages());
            if (r instanceof PdfText.Refused refused) {
                return new Unreadable(index, refused.rejection());
            }
            PdfText.Extracted pdf = ((PdfText.Ok) r).pdf();
            Content content = new Content(decoded, Sha256.hex(decoded), PdfReader.MEDIA_TYPE, pdf.hasTextLayer() ? pdf.text() : "");
            DocumentMeta m = meta.title() == null && pdf.title() != null ? withTitle(meta, pdf.title()) : meta;
            return new SourceDocument(index, SourceFormat.HL7V2, "ORU^R01", patient, m, content, List.of(), problems, 0,
                    pdf.hasTextLayer() ? List.of() : List.of(SourceDocument.NO_TEXT_LAYER));
        }
        ReadItem item = cda.readDocument(decoded, index, context);
        if (!(item instanceof SourceDocument doc)) {
            return item;
        }
        // the CDA's header decides; the message fills what it lacks
        DocumentMeta c = doc.meta();
        List<String> confidentiality = withMessageFlags(c.confidentiality(), meta.confidentiality());
        DocumentMeta merged = new DocumentMeta(c.documentId() != null ? c.documentId() : meta.documentId(), c.setId(),
                c.version(), c.replacesId() != null ? c.replacesId() : meta.replacesId(), c.typeHints(),
                c.title() != null ? c.title() : meta.title(), c.authorOrg() != null ? c.authorOrg() : meta.authorOrg(),
                c.creationTime() != null ? c.creationTime() : meta.creationTime(), confidentiality, meta.senderApp(),
                meta.senderFacility(), meta.messageId(), meta.resultStatus(), meta.orderId(), meta.messageTime());
        PatientRef p = doc.patient().identifiers().isEmpty() ? patient
                : new PatientRef(doc.patient().identifiers(),
                doc.patient().statedStatus() != null ? doc.patient().statedStatus() : patient.statedStatus(),
                doc.patient().traits());
        List<Rejection> allProblems = new ArrayList<>(doc.problems());
        allProblems.addAll(problems);
        java.util.Set<String> messageIns = insValues(patient);
        java.util.Set<String> documentIns = insValues(doc.patient());
        if (!messageIns.isEmpty() && !documentIns.isEmpty() && java.util.Collections.disjoint(messageIns, documentIns)) {
            // found on an ANS example (Trans_LPS_CDA_MSSanté messageDocB64): PID-3 named another patient than the
            // document, and only the document's was read; which one is right is for identity monitoring to say
            allProblems.add(Rejection.of(ReasonCode.IDENTITY_MISMATCH,
                    "the message (PID-3) and the embedded CDA (recordTarget) name different INS"));
        }
        return new SourceDocument(index, doc.format(), doc.messageType(), p, merged, doc.content(), doc.observations(),
                allProblems, doc.repairs(), doc.flags());
    }

    /** ED-3 subtypes (HL7 table 0291, MIME) that say the bytes are neither a PDF nor XML, whatever they look like. */
    private static final java.util.Set<String> NEITHER_PDF_NOR_XML = java.util.Set.of("HTML", "PLAIN", "TEXT", "TXT", "SGML",
            "POSTSCRIPT", "MSWORD", "OCTET-STREAM", "GIF", "PNG", "BMP", "DICOM");

    /**
     * HL7 table 0191 (ED-2, type of data) and 0291 (ED-3, subtype) codes, and MIME's, as shown in a refusal: a sender's
     * field, never a name or an INS (a review, then an attacker: a word of ED-3, a name, was shown).
     */
    /**
     * The declared type as shown, each part through the lists of known codes (a sender's words never shown): a MIME type
     * written whole in ED-2, ED-3 empty (dot-base's MDM, {@code ^text/plain^^Base64}, round 37) was "of type ?". Only the
     * message names it so; the checks go by the fields as sent (octet-stream in ED-2 over a PDF's bytes is read, as before).
     */
    private static String shownType(String type, String subtype) {
        if (type != null && type.indexOf('/') > 0 && subtype == null) {
            String sub = type.substring(type.indexOf('/') + 1);
            sub = sub.indexOf(';') >= 0 ? sub.substring(0, sub.indexOf(';')).strip() : sub;
            return shownCode(type.substring(0, type.indexOf('/')), SHOWN_TYPE) + "/" + shownCode(sub, SHOWN_SUBTYPE);
        }
        return shownCode(type, SHOWN_TYPE) + (subtype == null ? "" : "/" + shownCode(subtype, SHOWN_SUBTYPE));
    }

    private static final java.util.Set<String> SHOWN_TYPE = java.util.Set.of("AP", "AU", "FT", "IM", "NS", "SD", "SI", "TEXT",
            "TX", "MULTIPART", "APPLICATION", "AUDIO", "IMAGE", "MODEL", "VIDEO");
    private static final java.util.Set<String> SHOWN_SUBTYPE = java.util.Set.of("PDF", "XML", "HTML", "RTF", "JPEG", "JPG",
            "TIFF", "GIF", "PNG", "BMP", "PLAIN", "TEXT", "TXT", "OCTET-STREAM", "SGML", "POSTSCRIPT", "MSWORD", "DICOM",
            "X-HL7-CDA-LEVEL-ONE", "BASIC", "WAV", "MPEG");

    /** The code when it is one of the table's (any case), else "?". */
    static String shownCode(String value, java.util.Set<String> codes) {
        return value != null && codes.contains(value.strip().toUpperCase(java.util.Locale.ROOT)) ? value.strip() : "?";
    }

    /** Bytes whose first non-blank character (after a UTF-8 or UTF-16 byte order mark) opens markup. */
    static boolean startsLikeXml(byte[] bytes) {
        int i = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            i = 3;
        } else if (bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFE || (bytes[0] & 0xFF) == 0xFF
                || bytes[0] == 0 || bytes[1] == 0)) {
            return true; // UTF-16, with or without its mark: the CDA reader says what it is
        }
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
            i++;
        }
        return i < bytes.length && bytes[i] == '<';
    }

    /** The INS a source names (identifiers under an INS OID), as written without blanks. */
    private static java.util.Set<String> insValues(PatientRef patient) {
        java.util.Set<String> values = new java.util.HashSet<>();
        for (fr.dmp.ingest.format.PatientIdentifier id : patient.identifiers()) {
            if (id.value() != null && id.oid() != null && fr.dmp.ingest.domain.InsOid.fromOid(id.oid().strip()).isPresent()) {
                values.add(id.value().replaceAll("\\s", "").toUpperCase(java.util.Locale.ROOT));
            }
        }
        return values;
    }

    static boolean isPdf(byte[] b) {
        return b.length >= 5 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F' && b[4] == '-';
    }

    static DocumentMeta withTitle(DocumentMeta m, String title) {
        return new DocumentMeta(m.documentId(), m.setId(), m.version(), m.replacesId(), m.typeHints(), title, m.authorOrg(),
                m.creationTime(), m.confidentiality(), m.senderApp(), m.senderFacility(), m.messageId(), m.resultStatus(),
                m.orderId(), m.messageTime());
    }

    static SourceDocument withMessageType(SourceDocument d, String messageType) {
        return new SourceDocument(d.index(), d.format(), d.format() == SourceFormat.HL7V2 ? messageType : d.messageType(),
                d.patient(), d.meta(), d.content(), d.observations(), d.problems(), d.repairs(), d.flags());
    }

    private static final List<String> LEVELS = fr.dmp.ingest.domain.ConfidentialityCodes.HL7_LEVELS;

    /**
     * The CDA's confidentiality with the message's (TXA-18, MetaDMPMSS flags) added: its visibility codes, and its HL7 level
     * only when stricter than the CDA's, in place of it. Both kept, an MDM's TXA-18 {@code N} beside a CDA's {@code V} made
     * two levels, refused (a review, round 29); the stricter one is never dropped (rules.md R6).
     */
    static List<String> withMessageFlags(List<String> fromCda, List<String> fromMessage) {
        List<String> out = new ArrayList<>(fromCda);
        for (String x : fromMessage) {
            if (out.contains(x)) {
                continue;
            }
            int level = LEVELS.indexOf(x);
            if (level < 0) {
                out.add(x);
                continue;
            }
            int cdaLevel = out.stream().mapToInt(LEVELS::indexOf).max().orElse(-1);
            if (cdaLevel < 0) {
                out.add(x);
            } else if (level > cdaLevel) {
                out.replaceAll(y -> LEVELS.contains(y) ? x : y);
            }
        }
        return out.stream().distinct().toList();
    }
}
