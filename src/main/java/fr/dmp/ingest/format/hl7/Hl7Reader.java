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

/**
 * HL7 v2 (ER7) reader with HAPI: versions 2.3 to 2.6 read as one canonical 2.6 model, one item per
 * message, each message decoded with its own MSH-18 character set (formats.md).
 */
public final class Hl7Reader implements FormatReader {

    public static final String MEDIA_TYPE = "application/x-hl7-v2+er7";

    /** OBX-3 code system of the ANS DMP metadata flags (codes.md, confidentialityCode). */
    private static final String META_DMP = "MetaDMPMSS";

    /** A message with more segments is refused before HAPI builds it (100,000 OBX would take the heap). */
    static final int MAX_SEGMENTS = 20_000;
    /** No name, code or text field of a real message comes near this; an embedded document is in OBX-5. */
    static final int MAX_FIELD = 65_536;

    private final PipeParser parser;
    private final CdaReader cda = new CdaReader();

    public Hl7Reader() {
        HapiContext context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.setModelClassFactory(new CanonicalModelClassFactory("2.6"));
        context.getParserConfiguration().setValidating(false);
        this.parser = context.getPipeParser();
    }

    @Override
    public SourceFormat format() {
        return SourceFormat.HL7V2;
    }

    @Override
    public List<ReadItem> read(InputFile input, ReadContext context) {
        byte[] bytes = input.bytes();
        List<Hl7Messages.Slice> slices = Hl7Messages.split(bytes);
        if (slices.isEmpty()) {
            return List.of(new Unreadable(1, Rejection.of(ReasonCode.FORMAT_CORRUPT, "no HL7 message in the file")));
        }
        List<ReadItem> items = new ArrayList<>(slices.size());
        int index = 0;
        for (Hl7Messages.Slice slice : slices) {
            index++;
            items.add(readMessage(bytes, slice, index, context));
        }
        return items;
    }

    private ReadItem readMessage(byte[] bytes, Hl7Messages.Slice slice, int index, ReadContext context) {
        if (!slice.startsWithMsh()) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "segments before the first MSH"));
        }
        if (slice.length() < 8) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "truncated MSH segment"));
        }
        String declared = Hl7Messages.mshField(bytes, slice, 18);
        Charset charset;
        String text;
        if (declared != null) {
            String first = firstRepetition(declared, (char) bytes[slice.start() + 3]);
            Optional<Charset> cs = Hl7Charsets.forName(first);
            if (cs.isEmpty()) {
                return new Unreadable(index, Rejection.of(ReasonCode.ENCODING_INVALID,
                        "unknown or unsupported character set in MSH-18: " + sanitize(first)));
            }
            charset = cs.get();
            Optional<String> decoded = TextCharsets.decodeStrict(bytes, slice.start(), slice.length(), charset);
            if (decoded.isEmpty()) {
                return new Unreadable(index, Rejection.of(ReasonCode.ENCODING_INVALID,
                        "bytes not valid in the declared character set " + charset.name()));
            }
            text = decoded.get();
        } else if (TextCharsets.isValidUtf8(bytes, slice.start(), slice.length())) {
            charset = StandardCharsets.UTF_8;
            text = new String(bytes, slice.start(), slice.length(), charset);
        } else {
            charset = context.defaultCharset();
            Optional<String> decoded = TextCharsets.decodeStrict(bytes, slice.start(), slice.length(), charset);
            if (decoded.isEmpty()) {
                return new Unreadable(index, Rejection.of(ReasonCode.ENCODING_INVALID,
                        "no MSH-18 and bytes valid neither in UTF-8 nor in " + charset.name()));
            }
            text = decoded.get();
        }
        if (TextCharsets.firstForbiddenControl(text) >= 0) {
            return new Unreadable(index, Rejection.of(ReasonCode.ENCODING_INVALID,
                    "control character (NUL or similar) inside the message"));
        }
        String er7 = normaliseSegments(text);
        int segments = 1;
        int segmentStart = 0;
        int fieldStart = 0;
        char fieldSeparator = er7.length() > 3 ? er7.charAt(3) : '|';
        for (int i = 0; i < er7.length(); i++) {
            char ch = er7.charAt(i);
            if (ch == '\r' || ch == fieldSeparator) {
                // an embedded document (OBX-5 of type ED) is bounded by the decoded-size limit, not here
                if (i - fieldStart > MAX_FIELD && !er7.startsWith("OBX", segmentStart)) {
                    return new Unreadable(index, Rejection.of(ReasonCode.TOO_LARGE, "a " + er7.substring(segmentStart,
                            Math.min(segmentStart + 3, er7.length())) + " field of more than " + MAX_FIELD + " characters"));
                }
                fieldStart = i + 1;
                if (ch == '\r') {
                    segmentStart = i + 1;
                    if (++segments > MAX_SEGMENTS) {
                        return new Unreadable(index, Rejection.of(ReasonCode.TOO_LARGE, "message of more than " + MAX_SEGMENTS + " segments"));
                    }
                }
            }
        }
        if (er7.length() - fieldStart > MAX_FIELD && !er7.startsWith("OBX", segmentStart)) {
            return new Unreadable(index, Rejection.of(ReasonCode.TOO_LARGE, "a field of more than " + MAX_FIELD + " characters"));
        }
        Message message;
        try {
            message = parser.parse(er7);
        } catch (HL7Exception e) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "HL7 parse error" + where(e)));
        } catch (RuntimeException e) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT,
                    "HL7 parse error (" + e.getClass().getSimpleName() + ")"));
        }
        byte[] original = Arrays.copyOfRange(bytes, slice.start(), slice.end());
        Content content = new Content(original, Sha256.hex(original), MEDIA_TYPE, null);
        try {
            if (message instanceof ORU_R01 oru) {
                return readOru(oru, index, content, context);
            }
            if (message instanceof MDM_T02 mdm) {
                return readMdm(mdm, index, content, context);
            }
        } catch (HL7Exception e) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "HL7 structure error" + where(e)));
        }
        return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED,
                "HL7 message type " + messageType(message) + " carries no document this reader takes"));
    }

    private ReadItem readOru(ORU_R01 oru, int index, Content rawContent, ReadContext context) throws HL7Exception {
        List<Rejection> problems = new ArrayList<>();
        int[] repairs = {0};
        MSH msh = oru.getMSH();
        String messageType = value(msh.getMessageType().getMessageCode()) + "^" + value(msh.getMessageType().getTriggerEvent());
        String controlId = value(msh.getMessageControlID());
        if (controlId == null) {
            problems.add(Rejection.of(ReasonCode.METADATA_MISSING, "MSH-10 message control id"));
        }
        String senderApp = hd(msh.getSendingApplication());
        String senderFacility = hd(msh.getSendingFacility());
        if (senderApp == null && senderFacility == null) {
            problems.add(Rejection.of(ReasonCode.METADATA_MISSING, "MSH-3/MSH-4 sender"));
        }
        Instant messageTime = time(value(msh.getDateTimeOfMessage()), "MSH-7", context.zone(), problems);

        if (oru.getPATIENT_RESULTReps() == 0) {
            return corrupt(index, "ORU^R01 without PATIENT_RESULT group");
        }
        ORU_R01_PATIENT_RESULT result = oru.getPATIENT_RESULT();
        PID pid = result.getPATIENT().getPID();
        if (isEmpty(pid)) {
            return corrupt(index, "ORU^R01 without PID segment");
        }
        PatientRef patient = patient(pid, problems);

        List<Observation> observations = new ArrayList<>();
        List<String> confidentiality = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        String title = null;
        String resultStatus = null;
        String orderId = null;
        Instant reportTime = null;
        List<TypeHint> hints = new ArrayList<>();
        hints.add(new TypeHint("ORU^R01", "HL7v2-message-type", "ORU^R01", "hl7:MSH-9"));
        int seq = 0;
        List<OBX> embedded = new ArrayList<>();
        if (result.getORDER_OBSERVATIONReps() == 0) {
            return corrupt(index, "ORU^R01 without OBR segment");
        }
        for (ORU_R01_ORDER_OBSERVATION order : result.getORDER_OBSERVATIONAll()) {
            OBR obr = order.getOBR();
            if (isEmpty(obr)) {
                return corrupt(index, "ORU^R01 order group without OBR segment");
            }
            CWE service = obr.getUniversalServiceIdentifier();
            if (value(service.getIdentifier()) != null) {
                hints.add(new TypeHint(value(service.getIdentifier()), value(service.getNameOfCodingSystem()),
                        value(service.getText()), "hl7:OBR-4"));
            }
            if (title == null) {
                title = value(service.getText());
            }
            Instant obsTime = time(value(obr.getObservationDateTime()), "OBR-7", context.zone(), problems);
            Instant rptTime = time(value(obr.getResultsRptStatusChngDateTime()), "OBR-22", context.zone(), problems);
            if (reportTime == null) {
                reportTime = rptTime != null ? rptTime : obsTime;
            }
            String status = value(obr.getResultStatus());
            if (status != null && (resultStatus == null || "C".equals(status))) {
                resultStatus = status;
            }
            if (orderId == null) {
                orderId = firstNonNull(value(obr.getFillerOrderNumber().getEntityIdentifier()),
                        value(obr.getPlacerOrderNumber().getEntityIdentifier()));
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            appendLine(text, value(service.getText()), value(service.getIdentifier()));
            for (NTE nte : order.getNTEAll()) {
                appendComment(text, nte);
            }
            for (ORU_R01_OBSERVATION obs : order.getOBSERVATIONAll()) {
                OBX obx = obs.getOBX();
                if (isEmpty(obx)) {
                    continue;
                }
                CWE id = obx.getObservationIdentifier();
                if (META_DMP.equalsIgnoreCase(value(id.getNameOfCodingSystem()))) {
                    metaFlag(value(id.getIdentifier()), observationValue(obx, repairs), confidentiality);
                    continue;
                }
                if ("ED".equalsIgnoreCase(value(obx.getValueType()))) {
                    embedded.add(obx);
                    continue;
                }
                seq++;
                Observation o = observation(seq, obx, obsTime, context.zone(), problems, repairs);
                observations.add(o);
                text.append('\n').append(o.textLine());
                for (NTE nte : obs.getNTEAll()) {
                    appendComment(text, nte);
                }
            }
        }
        Instant creation = reportTime != null ? reportTime : messageTime;
        DocumentMeta meta = new DocumentMeta(null, null, null, null, hints, title, senderFacilityOid(msh), creation,
                confidentiality, senderApp, senderFacility, controlId, resultStatus, orderId);
        if (!embedded.isEmpty()) {
            // ANS profile: the message carries the document itself (a CDA or a PDF) in an ED observation
            return embeddedDocument(embedded.get(0), index, patient, meta, problems, context);
        }
        if (observations.isEmpty()) {
            return corrupt(index, "ORU^R01 without any OBX result");
        }
        Content content = new Content(rawContent.bytes(), rawContent.sha256(), rawContent.mediaType(), text.toString());
        return new SourceDocument(index, SourceFormat.HL7V2, messageType, patient, meta, content, observations,
                problems, repairs[0]);
    }

    /**
     * MDM^T02 (new document) and MDM^T10 (replacement, formats.md): TXA gives the document's unique id
     * (TXA-12), its type (TXA-2), the replaced document (TXA-13 on T10) and its confidentiality (TXA-18);
     * the content is in OBX: text lines, or an ED with a base64 PDF or CDA.
     */
    private ReadItem readMdm(MDM_T02 mdm, int index, Content rawContent, ReadContext context) throws HL7Exception {
        List<Rejection> problems = new ArrayList<>();
        MSH msh = mdm.getMSH();
        String event = value(msh.getMessageType().getTriggerEvent());
        String messageType = "MDM^" + event;
        if (!"T02".equals(event) && !"T10".equals(event)) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED,
                    "HL7 message type " + messageType + " carries no document this reader takes"));
        }
        String controlId = value(msh.getMessageControlID());
        PID pid = mdm.getPID();
        if (isEmpty(pid)) {
            return corrupt(index, "MDM without PID segment");
        }
        PatientRef patient = patient(pid, problems);
        TXA txa = mdm.getTXA();
        if (isEmpty(txa)) {
            return corrupt(index, "MDM without TXA segment");
        }
        String documentId = ei(txa.getUniqueDocumentNumber());
        if (documentId == null) {
            problems.add(Rejection.of(ReasonCode.METADATA_MISSING, "TXA-12 unique document number"));
        }
        String replaces = null;
        if ("T10".equals(event)) {
            replaces = ei(txa.getParentDocumentNumber());
            if (replaces == null) {
                problems.add(Rejection.of(ReasonCode.METADATA_MISSING, "TXA-13 parent document number of a T10 replacement"));
            }
        }
        List<TypeHint> hints = new ArrayList<>();
        String txaType = value(txa.getDocumentType());
        if (txaType != null) {
            hints.add(new TypeHint(txaType, "TXA-2", null, "hl7:TXA-2"));
        }
        Instant created = time(value(txa.getOriginationDateTime()), "TXA-6", context.zone(), problems);
        if (created == null) {
            created = time(value(txa.getActivityDateTime()), "TXA-4", context.zone(), problems);
        }
        if (created == null) {
            created = time(value(msh.getDateTimeOfMessage()), "MSH-7", context.zone(), problems);
        }
        List<String> confidentiality = new ArrayList<>();
        String conf = value(txa.getDocumentConfidentialityStatus());
        if (conf != null) {
            confidentiality.add(conf.toUpperCase(Locale.ROOT));
        }
        String title = null;
        List<OBX> embedded = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int[] repairs = {0};
        for (var obs : mdm.getOBSERVATIONAll()) {
            OBX obx = obs.getOBX();
            if (isEmpty(obx)) {
                continue;
            }
            CWE id = obx.getObservationIdentifier();
            if (META_DMP.equalsIgnoreCase(value(id.getNameOfCodingSystem()))) {
                metaFlag(value(id.getIdentifier()), observationValue(obx, repairs), confidentiality);
                continue;
            }
            if ("ED".equalsIgnoreCase(value(obx.getValueType()))) {
                embedded.add(obx);
            } else {
                String v = observationValue(obx, repairs);
                if (v != null) {
                    if (title == null) {
                        title = value(id.getText());
                    }
                    text.append(v).append('\n');
                }
            }
        }
        DocumentMeta meta = new DocumentMeta(documentId, null, null, replaces, hints, title, senderFacilityOid(msh), created,
                confidentiality, hd(msh.getSendingApplication()), hd(msh.getSendingFacility()), controlId, null, null);
        if (!embedded.isEmpty()) {
            ReadItem item = embeddedDocument(embedded.get(0), index, patient, meta, problems, context);
            return item instanceof SourceDocument d ? withMessageType(d, messageType) : item;
        }
        if (text.length() == 0) {
            return corrupt(index, "MDM without document content in OBX");
        }
        byte[] body = text.toString().strip().getBytes(StandardCharsets.UTF_8);
        Content content = new Content(body, Sha256.hex(body), "text/plain", text.toString().strip());
        return new SourceDocument(index, SourceFormat.HL7V2, messageType, patient, meta, content, List.of(), problems,
                repairs[0]);
    }

    /**
     * A document carried base64-encoded in an ED observation: a CDA is read by the CDA reader (its own
     * header gives the metadata; what the message adds fills the gaps), a PDF takes the message's
     * metadata. Decoding is bounded by the feed's limit.
     */
    private ReadItem embeddedDocument(OBX obx, int index, PatientRef patient, DocumentMeta meta,
                                      List<Rejection> problems, ReadContext context) {
        Varies[] values = obx.getObservationValue();
        if (values.length == 0 || !(values[0].getData() instanceof Composite ed)) {
            return corrupt(index, "ED observation without data");
        }
        Type[] parts = ed.getComponents();
        String encoding = parts.length > 3 && parts[3] instanceof Primitive p ? p.getValue() : null;
        String data = parts.length > 4 && parts[4] instanceof Primitive p ? p.getValue() : null;
        if (data == null || data.isBlank()) {
            return corrupt(index, "ED observation without data");
        }
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
        java.util.Optional<Rejection> mismatch;
        String where = "embedded document (ED)";
        if (subtype != null && subtype.equalsIgnoreCase("PDF")) {
            mismatch = EmbeddedBytes.checkPdf(decoded, where);
        } else if (isPdf(decoded)) {
            mismatch = subtype == null ? java.util.Optional.empty()
                    : EmbeddedBytes.mismatch(where, subtype, org.apache.tika.mime.MediaType.application("pdf"));
        } else {
            mismatch = EmbeddedBytes.checkXml(decoded, where);
        }
        if (mismatch.isPresent()) {
            return new Unreadable(index, mismatch.get());
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
        List<String> confidentiality = new ArrayList<>(c.confidentiality());
        meta.confidentiality().stream().filter(x -> !confidentiality.contains(x)).forEach(confidentiality::add);
        DocumentMeta merged = new DocumentMeta(c.documentId() != null ? c.documentId() : meta.documentId(), c.setId(),
                c.version(), c.replacesId() != null ? c.replacesId() : meta.replacesId(), c.typeHints(),
                c.title() != null ? c.title() : meta.title(), c.authorOrg() != null ? c.authorOrg() : meta.authorOrg(),
                c.creationTime() != null ? c.creationTime() : meta.creationTime(), confidentiality, meta.senderApp(),
                meta.senderFacility(), meta.messageId(), meta.resultStatus(), meta.orderId());
        PatientRef p = doc.patient().identifiers().isEmpty() ? patient
                : new PatientRef(doc.patient().identifiers(),
                doc.patient().statedStatus() != null ? doc.patient().statedStatus() : patient.statedStatus(),
                doc.patient().traits());
        List<Rejection> allProblems = new ArrayList<>(doc.problems());
        allProblems.addAll(problems);
        return new SourceDocument(index, doc.format(), doc.messageType(), p, merged, doc.content(), doc.observations(),
                allProblems, doc.repairs(), doc.flags());
    }

    private static boolean isPdf(byte[] b) {
        return b.length >= 5 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F' && b[4] == '-';
    }

    private static DocumentMeta withTitle(DocumentMeta m, String title) {
        return new DocumentMeta(m.documentId(), m.setId(), m.version(), m.replacesId(), m.typeHints(), title, m.authorOrg(),
                m.creationTime(), m.confidentiality(), m.senderApp(), m.senderFacility(), m.messageId(), m.resultStatus(),
                m.orderId());
    }

    private static SourceDocument withMessageType(SourceDocument d, String messageType) {
        return new SourceDocument(d.index(), d.format(), d.format() == SourceFormat.HL7V2 ? messageType : d.messageType(),
                d.patient(), d.meta(), d.content(), d.observations(), d.problems(), d.repairs(), d.flags());
    }

    /** An EI as a CI-SIS unique id: {@code universalId^entityId}, or the entity id alone. */
    private static String ei(ca.uhn.hl7v2.model.v26.datatype.EI ei) {
        String entity = value(ei.getEntityIdentifier());
        String universal = value(ei.getUniversalID());
        if (entity == null) {
            return null;
        }
        return universal == null ? entity : universal + "^" + entity;
    }

    private static Unreadable corrupt(int index, String detail) {
        return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, detail));
    }

    // ---- patient -------------------------------------------------------------------------------

    /** The patient of a PID segment: identifiers, stated identity status, traits (also for ADT events). */
    public static PatientRef patient(PID pid, List<Rejection> problems) {
        List<PatientIdentifier> ids = new ArrayList<>();
        for (CX cx : pid.getPatientIdentifierList()) {
            String value = value(cx.getIDNumber());
            if (value == null) {
                continue;
            }
            HD authority = cx.getAssigningAuthority();
            ids.add(new PatientIdentifier(value, value(authority.getUniversalID()), value(cx.getIdentifierTypeCode())));
        }
        XPN birthName = null;
        for (XPN xpn : pid.getPatientName()) {
            if (birthName == null || "L".equalsIgnoreCase(value(xpn.getNameTypeCode()))) {
                if (birthName == null || !"L".equalsIgnoreCase(value(birthName.getNameTypeCode()))) {
                    birthName = xpn;
                }
            }
        }
        String family = null;
        List<String> firstNames = new ArrayList<>();
        if (birthName != null) {
            family = value(birthName.getFamilyName().getSurname());
            // PID-5.2 is one first name, kept whole ("Marie Claire"); PID-5.3 the list written out, which French
            // senders start with PID-5.2 again (ins.md: the first names are a list)
            firstNames = FirstNames.of(value(birthName.getGivenName()),
                    value(birthName.getSecondAndFurtherGivenNamesOrInitialsThereof()));
        }
        LocalDate birthDate = null;
        String rawBirth = value(pid.getDateTimeOfBirth());
        try {
            birthDate = Hl7Time.date(rawBirth);
        } catch (DateTimeException e) {
            problems.add(Rejection.of(ReasonCode.DATE_INVALID, "PID-7 birth date unparseable"));
        }
        String birthPlace = null;
        for (XAD xad : pid.getPatientAddress()) {
            if ("BDL".equalsIgnoreCase(value(xad.getAddressType()))) {
                birthPlace = value(xad.getCountyParishCode());
            }
        }
        if (birthPlace == null) {
            birthPlace = value(pid.getBirthPlace());
        }
        String status = null;
        for (IS code : pid.getIdentityReliabilityCode()) {
            String v = value(code);
            if (v != null) {
                status = v;
                break;
            }
        }
        Traits traits = new Traits(family, firstNames, Sex.parse(value(pid.getAdministrativeSex())), birthDate, birthPlace);
        return new PatientRef(ids, status, traits);
    }

    // ---- observations --------------------------------------------------------------------------

    private static Observation observation(int seq, OBX obx, Instant orderTime, ZoneId zone, List<Rejection> problems,
                                           int[] repairs) {
        String valueType = value(obx.getValueType());
        CWE id = obx.getObservationIdentifier();
        String value = observationValue(obx, repairs);
        BigDecimal numeric = null;
        if (value != null && ("NM".equalsIgnoreCase(valueType) || "SN".equalsIgnoreCase(valueType))) {
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
        String unit = firstNonNull(value(units.getIdentifier()), value(units.getText()));
        return new Observation(seq, valueType, value(id.getIdentifier()), value(id.getNameOfCodingSystem()),
                value(id.getText()), value, numeric, unit, value(obx.getReferencesRange()),
                flags.length() == 0 ? null : flags.toString(), value(obx.getObservationResultStatus()),
                observed != null ? observed : orderTime);
    }

    /** OBX-5, all repetitions; text a sender left with unescaped delimiters is joined back (a repair). */
    private static String observationValue(OBX obx, int[] repairs) {
        StringBuilder sb = new StringBuilder();
        for (Varies v : obx.getObservationValue()) {
            String s = typeText(v.getData(), repairs);
            if (s == null) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(s);
        }
        return sb.length() == 0 ? null : formatting(sb.toString());
    }

    private static String typeText(Type data, int[] repairs) {
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

    private static Type[] extraComponents(Primitive p) {
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
        return s.replace("\\.br\\", "\n").replace("\\.sp\\", "\n").replace("\\H\\", "").replace("\\N\\", "")
                .transform(t -> FORMATTING.matcher(t).replaceAll(""));
    }

    private static BigDecimal parseNumber(String value) {
        String v = value.strip();
        return Observation.number(v.startsWith("^") ? v.substring(1) : v); // SN with an empty comparator
    }

    private static void metaFlag(String code, String value, List<String> confidentiality) {
        if (code == null || value == null || !value.strip().equalsIgnoreCase("Y")) {
            return;
        }
        switch (code.strip().toUpperCase(Locale.ROOT)) {
            case "MASQUE_PS" -> confidentiality.add("MASQUE_PS");
            case "INVISIBLE_PATIENT" -> confidentiality.add("INVISIBLE_PATIENT");
            case "INVISIBLE_REP_LEGAUX" -> confidentiality.add("INVISIBLE_REPRESENTANTS_LEGAUX");
            // issue 15, rules.md R6: CONNEXION_SECRETE, MODIF_CONF_CODE (or any other flag set to Y) have no code in
            // codes.md and no meaning this pipeline can honour: never dropped silently, kept as the code it is, so
            // that validation refuses the document (METADATA_INVALID) as for any code outside codes.md
            default -> confidentiality.add(code.strip().toUpperCase(Locale.ROOT));
        }
    }

    private static void appendLine(StringBuilder text, String a, String b) {
        String s = a != null ? a : b;
        if (s != null) {
            text.append(s);
        }
    }

    private static void appendComment(StringBuilder text, NTE nte) {
        for (var ft : nte.getComment()) {
            String c = value(ft);
            if (c != null) {
                text.append('\n').append(formatting(c));
            }
        }
    }

    // ---- small helpers --------------------------------------------------------------------------

    private static Instant time(String raw, String field, ZoneId zone, List<Rejection> problems) {
        try {
            return Hl7Time.instant(raw, zone);
        } catch (DateTimeException e) {
            problems.add(Rejection.of(ReasonCode.DATE_INVALID, field + " date/time unparseable"));
            return null;
        }
    }

    private static String senderFacilityOid(MSH msh) {
        return value(msh.getSendingFacility().getUniversalID());
    }

    private static String hd(HD hd) {
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
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static boolean isEmpty(ca.uhn.hl7v2.model.Segment segment) {
        try {
            return segment.isEmpty();
        } catch (HL7Exception e) {
            return true;
        }
    }

    private static String messageType(Message message) {
        try {
            ca.uhn.hl7v2.util.Terser t = new ca.uhn.hl7v2.util.Terser(message);
            return t.get("/MSH-9-1") + "^" + t.get("/MSH-9-2");
        } catch (HL7Exception e) {
            return message.getName();
        }
    }

    private static String where(HL7Exception e) {
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

    private static String sanitize(String s) {
        String t = s.replaceAll("[^A-Za-z0-9 /._-]", "?");
        return t.length() > 40 ? t.substring(0, 40) : t;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /** MSH-18 may repeat (~) or carry components: the first value names the character set. */
    private static String firstRepetition(String field, char separator) {
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

    private static final java.util.regex.Pattern FORMATTING = java.util.regex.Pattern.compile("\\\\\\.(in|ti|sk|ce|fi|nf)[^\\\\]*\\\\");

    /** Segments separated by CR only, as HAPI expects. */
    private static String normaliseSegments(String text) {
        String t = text.replace("\r\n", "\r").replace('\n', '\r');
        int end = t.length();
        while (end > 0 && t.charAt(end - 1) == '\r') {
            end--;
        }
        return t.substring(0, end);
    }
}
