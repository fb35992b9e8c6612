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
import ca.uhn.hl7v2.model.v26.group.ORU_R01_SPECIMEN;
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
import fr.dmp.ingest.domain.ShownCode;
import fr.dmp.ingest.format.SourceDocument;
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
import static fr.dmp.ingest.format.hl7.Hl7EmbeddedDocument.*;
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

    private final ThreadLocal<PipeParser> parser;
    private static final String UNTYPED_DOCUMENT = "an OBX read as text (OBX-2 ST, TX, FT, empty or outside table 0125)"
            + " carries an embedded document (base64): OBX-2 must say ED";
    private final Hl7EmbeddedDocument embedded = new Hl7EmbeddedDocument();

    public Hl7Reader() {
        // one parser per thread: HAPI's PipeParser caches its structure definitions in a plain HashMap, written on the
        // first message of each structure, and partitions read on several threads at once
        this.parser = ThreadLocal.withInitial(Hl7Reader::newParser);
    }

    private static PipeParser newParser() {
        HapiContext context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.setModelClassFactory(new CanonicalModelClassFactory("2.6"));
        context.getParserConfiguration().setValidating(false);
        // OBX-2 is conditional in HL7 v2.5: a value with no type, or a type outside table 0125, is read as text (ST)
        context.getParserConfiguration().setDefaultObx2Type("ST");
        context.getParserConfiguration().setInvalidObx2Type("ST");
        context.getParserConfiguration().setEscaping(new Hl7Escapes()); // a backslash starting no sequence is kept
        return context.getPipeParser();
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
        List<ReadItem> more = new ArrayList<>();
        int index = 0;
        for (Hl7Messages.Slice slice : slices) {
            index++;
            List<byte[]> patients = slice.startsWithMsh() ? Hl7Patients.split(bytes, slice) : List.of();
            if (patients.isEmpty()) {
                items.add(readMessage(bytes, slice, index, context, more));
            } else {
                // an ORU of several patients: each is read as a message of its own (Hl7Patients), its content its own
                for (byte[] one : patients) {
                    items.add(readMessage(one, new Hl7Messages.Slice(0, one.length, true), index, context, more));
                    items.addAll(more);
                    more.clear();
                }
            }
            items.addAll(more);
            more.clear();
        }
        return ReadItem.numberedInOrder(items);
    }


    /**
     * A message whose bytes stop inside its last segment: no segment terminator after it, and that segment only a name
     * (or part of one), or an OBX without its result status (OBX-11, required since HL7 v2.3). A complete file may lack
     * the final terminator; its last OBX still has OBX-11. A cut inside free text (an NTE) or that leaves a shorter
     * valid value cannot be seen.
     */
    static boolean cutInItsLastResult(String text, String er7) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end == 0 || text.charAt(end - 1) == '\r' || text.charAt(end - 1) == '\n' || er7.length() < 4) {
            return false;
        }
        char separator = er7.charAt(3);
        String body = er7.endsWith("\r") ? er7.substring(0, er7.length() - 1) : er7;
        String last = body.substring(body.lastIndexOf('\r') + 1);
        if (last.length() < 4 || last.charAt(3) != separator) {
            return true; // cut inside a segment's name ("OBX", "OB"): no segment is only a name (round 14 retest)
        }
        if (!last.startsWith("OBX" + separator)) {
            return false;
        }
        String[] fields = last.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
        return fields.length <= 11 || fields[11].isBlank();
    }

    /** Whether a line is longer than a segment's name without the field separator after the name. */
    static boolean aLineIsNoSegment(String er7) {
        if (er7.length() < 4) {
            return false;
        }
        char separator = er7.charAt(3);
        int start = 0;
        while (start < er7.length()) {
            int end = er7.indexOf('\r', start);
            end = end < 0 ? er7.length() : end;
            if (end - start > 3 && er7.charAt(start + 3) != separator) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Whether the last line is longer than a segment's name without the field separator after the name. */
    static boolean lastLineIsNoSegment(String er7) {
        String body = er7.endsWith("\r") ? er7.substring(0, er7.length() - 1) : er7;
        String last = body.substring(body.lastIndexOf('\r') + 1);
        return er7.length() > 3 && last.length() > 3 && last.charAt(3) != er7.charAt(3);
    }

    /** @param more where the message's documents after its first go (an ORU may carry several) */
    private ReadItem readMessage(byte[] bytes, Hl7Messages.Slice slice, int index, ReadContext context, List<ReadItem> more) {
        if (!slice.startsWithMsh()) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "segments before the first MSH"));
        }
        if (slice.length() < 8) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "truncated MSH segment"));
        }
        MessageText.Decoded decoded = MessageText.decode(bytes, slice, context.defaultCharset());
        if (decoded instanceof MessageText.Refused r) {
            return new Unreadable(index, r.rejection());
        }
        String text = ((MessageText.Read) decoded).text();
        Charset charset = ((MessageText.Read) decoded).charset();
        String er7 = normaliseSegments(text);
        if (cutInItsLastResult(text, er7)) {
            // round 14, a transfer tester: a file taken mid-write (a sender pausing, a tool's partial name) was stored
            // with its last result cut ("OBX|1|NM|2345-7^Glucos") and the results after it lost
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, lastLineIsNoSegment(er7)
                    // round 32, a tester on dcm4che's ORU with a PDF: base64 broken over lines was said "cut short", and a
                    // resend as asked fails the same way
                    ? "its last line is no HL7 segment: a line break inside a field (a base64 document written over several"
                    + " lines?) or a message cut short"
                    : "HL7 message cut short: its last segment, without a segment terminator, is only a name or an OBX"
                    + " without result status (OBX-11)"));
        }
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
            er7 = readableVersion(er7);
            message = parser.get().parse(er7);
            if (message instanceof ca.uhn.hl7v2.model.GenericMessage) {
                // MSH-9.3 naming a structure HL7 v2.6 does not have (MDM^T10^MDM_T10, as written by some converters'
                // v2.8 samples, round 25): read by the event alone, as HAPI's event map sends it (MDM_T02)
                String byEvent = withoutMessageStructure(er7);
                if (!byEvent.equals(er7)) {
                    message = parser.get().parse(byEvent);
                }
            }
        } catch (HL7Exception e) {
            // a line that is no segment behind the parser's error: say it (an attacker, round 32: base64 over several lines
            // ended by a CR got a bare "HL7 parse error")
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "HL7 parse error" + where(e)
                    + (aLineIsNoSegment(er7) ? "; a line is no HL7 segment: a line break inside a field (a base64 document"
                    + " written over several lines?)" : "")));
        } catch (RuntimeException e) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT,
                    "HL7 parse error (" + e.getClass().getSimpleName() + ")"));
        }
        byte[] original = Arrays.copyOfRange(bytes, slice.start(), slice.end());
        Content content = new Content(original, Sha256.hex(original), MEDIA_TYPE, null);
        try {
            if (message instanceof ORU_R01 oru) {
                return readOru(oru, index, content, context, more);
            }
            if (message instanceof MDM_T02 mdm) {
                return readMdm(mdm, index, content, context);
            }
        } catch (HL7Exception e) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "HL7 structure error" + where(e)));
        }
        String type = messageType(message);
        return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, "HL7 message type " + type
                + (type != null && type.startsWith("OUL") ? " (results by specimen, IHE LAB-3) is not read here: the laboratory sends ORU^R01"
                : " carries no document this reader takes")));
    }

    private ReadItem readOru(ORU_R01 oru, int index, Content rawContent, ReadContext context, List<ReadItem> more) throws HL7Exception {
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
            // HAPI places no result group when PID is missing: say so, as for an empty PID (found on a HAPI example)
            String raw = new String(rawContent.bytes(), StandardCharsets.ISO_8859_1);
            return corrupt(index, raw.contains("\rPID|") || raw.contains("\nPID|")
                    ? "ORU^R01 without PATIENT_RESULT group" : "ORU^R01 without PID segment");
        }
        if (oru.getPATIENT_RESULTReps() > 1) {
            // never met after Hl7Patients cut the message at each PID; kept so that a layout it did not see is refused,
            // not half read (only the first patient's results were read, the others dropped)
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, "ORU^R01 with the results of "
                    + oru.getPATIENT_RESULTReps() + " patients (PATIENT_RESULT groups): one patient per message"));
        }
        ORU_R01_PATIENT_RESULT result = oru.getPATIENT_RESULT();
        PID pid = result.getPATIENT().getPID();
        if (isEmpty(pid)) {
            return corrupt(index, "ORU^R01 without PID segment");
        }
        PatientRef patient = Hl7Patient.of(pid, problems);

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
        List<String> embeddedOrderControl = new ArrayList<>();
        if (result.getORDER_OBSERVATIONReps() == 0) {
            return corrupt(index, "ORU^R01 without OBR segment");
        }
        int orderNumber = 0;
        boolean deletedResult = false;
        ReadItem cancelled = null;
        int cancelledOrders = 0;
        for (ORU_R01_ORDER_OBSERVATION order : result.getORDER_OBSERVATIONAll()) {
            OBR obr = order.getOBR();
            if (isEmpty(obr)) {
                return corrupt(index, "ORU^R01 order group without OBR segment");
            }
            Observation.Grouping place = Hl7Observations.orderPlace(++orderNumber, obr);
            List<ResultSegment> results = resultSegments(order); // every result, also after a specimen segment
            Optional<ReadItem> deletion = deletionRequest(order, results, index);
            if (deletion.isPresent()) {
                String detail = ((Unreadable) deletion.get()).rejection().detail();
                if ((detail.equals(CANCELLATION) || detail.equals(ORDER_CANCELLED) || detail.equals(ORDER_CANCEL_REQUEST))
                        && result.getORDER_OBSERVATIONReps() > 1) {
                    // one cancelled order beside reported ones: the others are the report (formats.md), this one is left
                    // out; it refused the whole message, the final results beside it lost (round 32, an attacker)
                    cancelled = cancelled == null ? deletion.get() : cancelled;
                    cancelledOrders++;
                    continue;
                }
                return deletion.get();
            }
            CWE service = obr.getUniversalServiceIdentifier();
            // a test coded only in OBR-4's alternate triplet (CWE.4-6: Epic, Mayo, LabWare's ELR, round 32) is coded all
            // the same: without it, another test's report of the same order was taken for a new version of this one
            boolean primary = value(service.getIdentifier()) != null;
            String testCode = primary ? value(service.getIdentifier()) : value(service.getAlternateIdentifier());
            String testName = primary || text(service.getText()) != null ? text(service.getText()) : text(service.getAlternateText());
            if (testCode != null) {
                hints.add(new TypeHint(testCode, primary ? value(service.getNameOfCodingSystem())
                        : value(service.getNameOfAlternateCodingSystem()), testName, "hl7:OBR-4"));
            }
            if (title == null) {
                title = testName;
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
            appendLine(text, testName, testCode);
            for (NTE nte : order.getNTEAll()) {
                appendComment(text, nte);
            }
            for (ResultSegment r : results) {
                OBX obx = r.obx();
                if (isEmpty(obx)) {
                    continue;
                }
                if ("D".equalsIgnoreCase(nz(value(obx.getObservationResultStatus())).strip())) {
                    deletedResult = true; // no part of the report (the others are, deletionRequest); flagged for the store
                    continue;
                }
                CWE id = obx.getObservationIdentifier();
                if (isMetaDmp(id)) {
                    metaFlag(obx, confidentiality, problems);
                    continue;
                }
                if ("ED".equalsIgnoreCase(value(obx.getValueType()))) {
                    embedded.add(obx);
                    embeddedOrderControl.add(value(order.getORC().getOrderControl()));
                    continue;
                }
                if (untypedDocument(obx)) {
                    return corrupt(index, UNTYPED_DOCUMENT);
                }
                seq++;
                Observation o = observation(seq, obx, obsTime, context.zone(), problems, repairs, place);
                observations.add(o);
                text.append('\n').append(o.textLine());
                for (NTE nte : r.comments()) {
                    appendComment(text, nte);
                }
            }
        }
        if (cancelledOrders == result.getORDER_OBSERVATIONReps()) {
            return cancelled; // every order cancelled: nothing to file
        }
        Instant creation = reportTime != null ? reportTime : messageTime;
        resultStatus = Observation.reportStatus(resultStatus, observations);
        DocumentMeta meta = new DocumentMeta(null, null, null, null, hints, title, senderFiness(msh), creation,
                confidentiality, senderApp, senderFacility, controlId, resultStatus, orderId, messageTime);
        if (!observations.isEmpty()) {
            // an HTML rendering of the results sent beside them is no document of its own: it refused the whole message, the
            // 95 and 109 newborn-screening results beside it lost (round 36, a tester on CDC's trusted-intermediary
            // examples). The results are the report; the rendering stays in the stored message's bytes
            for (int e = embedded.size() - 1; e >= 0; e--) {
                if (Hl7EmbeddedDocument.htmlRendering(embedded.get(e))) {
                    embedded.remove(e);
                    embeddedOrderControl.remove(e); // the two lists go together
                }
            }
        }
        if (!embedded.isEmpty()) {
            // ANS profile: the message carries the document itself (a CDA or a PDF) in an ED observation; "Transmission
            // de documents CDA en HL7 v2" sends a lab report as two documents, CDA N1 and CDA N3, in one ORU: each is stored
            List<ReadItem> documents = new ArrayList<>(embedded.size());
            for (int e = 0; e < embedded.size(); e++) {
                OBX ed = embedded.get(e);
                documents.add(newButReplacing(this.embedded.read(ed, index, patient, statingItsType(meta, ed.getObservationIdentifier()),
                        problems, context), index,
                        "ORU^R01", embeddedOrderControl.get(e), value(ed.getObservationResultStatus())));
            }
            long unnamed = documents.stream().filter(d -> d instanceof SourceDocument doc && doc.meta().documentId() == null).count();
            if (unnamed > 1) {
                // documents that carry no id of their own (PDFs) take the message's order as their set: two would be
                // versions of one another, so neither is guessed
                return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, unnamed
                        + " embedded documents without an id of their own (PDF) in one ORU^R01: send one per message"));
            }
            // a lab's PDF report sent with its results: the results are kept too (they were dropped)
            if (documents.get(0) instanceof SourceDocument d && d.observations().isEmpty() && !observations.isEmpty()) {
                documents.set(0, d.withObservations(observations, repairs[0]));
            }
            more.addAll(documents.subList(1, documents.size()));
            return documents.get(0);
        }
        if (observations.isEmpty()) {
            return corrupt(index, "ORU^R01 without any OBX result");
        }
        Content content = new Content(rawContent.bytes(), rawContent.sha256(), rawContent.mediaType(), text.toString());
        return new SourceDocument(index, SourceFormat.HL7V2, messageType, patient, meta, content, observations,
                problems, repairs[0], deletedResult ? List.of(SourceDocument.RESULT_DELETED) : List.of());
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
        String messageType = "MDM^" + ShownCode.HL7.shown(event);
        if (!"T02".equals(event) && !"T10".equals(event)) {
            boolean deletes = mdm.getOBSERVATIONAll().stream().anyMatch(o -> "D".equalsIgnoreCase(
                    String.valueOf(value(o.getOBX().getObservationResultStatus())).strip()));
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, "T04".equals(event) && deletes
                    ? DELETION_REQUEST : "HL7 message type " + messageType + " carries no document this reader takes"));
        }
        String controlId = value(msh.getMessageControlID());
        PID pid = mdm.getPID();
        if (isEmpty(pid)) {
            return corrupt(index, "MDM without PID segment");
        }
        PatientRef patient = Hl7Patient.of(pid, problems);
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
        String completion = unfinished(txa);
        if (completion != null) {
            // HL7 table 0271: a draft (in progress, incomplete, dictated and not yet typed) is not a document to share;
            // it was stored as the current version (round 28, a tester)
            problems.add(Rejection.of(ReasonCode.METADATA_INVALID, "TXA-17 document completion status "
                    + completion.toUpperCase(Locale.ROOT) + ": the document is not finished (send it once authenticated)"));
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
        // every repetition (N~V, N~MASQUE_PS): only the first was read and a stricter level or a flag dropped (R6; round
        // 29, an attacker); two levels are then refused by the validator
        for (String conf : repetitions(txa, 18)) {
            // HL7 table 0272 (TXA-18): U, "usual control", is the ordinary value, the DMP's N; every routine report of
            // a sender following the table was refused METADATA_INVALID (round 29, a tester). V and R are the DMP's own.
            String c = conf.strip().toUpperCase(Locale.ROOT);
            if (!confidentiality.contains(c.equals("U") ? "N" : c)) {
                confidentiality.add(c.equals("U") ? "N" : c);
            }
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
            if (isMetaDmp(id)) {
                metaFlag(obx, confidentiality, problems);
                continue;
            }
            if ("ED".equalsIgnoreCase(value(obx.getValueType()))) {
                embedded.add(obx);
            } else if (untypedDocument(obx)) {
                return corrupt(index, UNTYPED_DOCUMENT);
            } else {
                String v = observationValue(obx, repairs);
                if (v != null) {
                    if (title == null) {
                        title = text(id.getText());
                    }
                    text.append(v).append('\n');
                }
            }
        }
        if (!embedded.isEmpty()) {
            // the document is the ED: its own label titles it, not a text line before it (round 29, a tester: every PDF of
            // HL7's MDM sample was titled "Transcription Authentication Interface Message Text")
            String label = text(embedded.get(0).getObservationIdentifier().getText());
            title = label != null ? label : title;
        }
        DocumentMeta meta = new DocumentMeta(documentId, null, null, replaces, hints, title, senderFiness(msh), created,
                confidentiality, hd(msh.getSendingApplication()), hd(msh.getSendingFacility()), controlId, null, null);
        if (!embedded.isEmpty()) {
            ReadItem item = this.embedded.read(embedded.get(0), index, patient, meta, problems, context);
            String orderControl = mdm.getCOMMON_ORDERReps() > 0 ? value(mdm.getCOMMON_ORDER(0).getORC().getOrderControl()) : null;
            item = newButReplacing(item, index, messageType, orderControl,
                    value(embedded.get(0).getObservationResultStatus()));
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
     * A sender's request to delete a document it sent (ANS "Transmission de documents CDA en HL7 v2": ORC-1 {@code CA}
     * and OBX-11 {@code D} on the document's observation). Read before, it was taken for a new document or a new
     * version; the pipeline does not delete on a sender's message (rules.md R5: deletion is the patient's, through
     * the dossier's events), so it is refused with a reason an operator can act on.
     */
    /** An OBX with the NTE comments that follow it. */
    private record ResultSegment(OBX obx, List<NTE> comments) {
    }

    /**
     * The OBX of an order in file order: those of its OBSERVATION groups, then those of its SPECIMEN groups. Many
     * laboratory systems write the SPM right after the OBR and the results after it (IHE LAB-3's specimen-first
     * layout); HL7's grammar then puts every OBX in the SPECIMEN group, and they were read as no result at all
     * (found on an independent writer's files: seven of twenty refused "without any OBX result").
     */
    private static List<ResultSegment> resultSegments(ORU_R01_ORDER_OBSERVATION order) throws HL7Exception {
        List<ResultSegment> out = new ArrayList<>();
        for (ORU_R01_OBSERVATION obs : order.getOBSERVATIONAll()) {
            out.add(new ResultSegment(obs.getOBX(), obs.getNTEAll()));
        }
        for (ORU_R01_SPECIMEN specimen : order.getSPECIMENAll()) {
            // a comment after a result does not fit the group: HAPI keeps it, and the results after it (OBX2...), as
            // non-standard segments of the group, in the order they came
            List<NTE> comments = null;
            for (String name : specimen.getNames()) {
                for (ca.uhn.hl7v2.model.Structure st : specimen.getAll(name)) {
                    if (st instanceof OBX obx) {
                        comments = new ArrayList<>();
                        out.add(new ResultSegment(obx, comments));
                    } else if (st instanceof NTE nte && comments != null) {
                        comments.add(nte);
                    }
                }
            }
        }
        return out;
    }

    private static Optional<ReadItem> deletionRequest(ORU_R01_ORDER_OBSERVATION order, List<ResultSegment> results, int index)
            throws HL7Exception {
        String control = value(order.getORC().getOrderControl());
        boolean deletes = "CA".equalsIgnoreCase(control == null ? null : control.strip());
        boolean wrong = false;
        boolean statusChangeOnly = false;
        boolean everyResultCancelled = true;
        // every result, also those after a specimen (SPM) segment: the checks saw the OBSERVATION groups only, and a U or W
        // result after an SPM was filed (a review, round 35)
        boolean everyResultDeleted = !results.isEmpty();
        for (ResultSegment result : results) {
            String status = nz(value(result.obx().getObservationResultStatus())).toUpperCase(Locale.ROOT);
            everyResultDeleted &= status.equals("D");
            wrong |= status.equals("W");
            statusChangeOnly |= status.equals("U");
            everyResultCancelled &= status.equals("X");
        }
        String reportStatus = nz(value(order.getOBR().getResultStatus())).toUpperCase(Locale.ROOT);
        boolean noResults = results.isEmpty();
        boolean cancelledOrder = reportStatus.equals("X") || everyResultCancelled && !noResults;
        // one result deleted (OBX-11 D) beside final ones is left out of the report (deleted); it refused the whole report,
        // the final glucose and haemoglobin beside it lost (round 33, a tester with IPF's PCD-01 message). ORC-1 CA over a
        // cancelled order, or over none of its results, is that order's cancellation, left out beside reported orders as
        // with OC, CR or RE: it refused the whole message, the final results beside it lost (round 35, a tester)
        if (everyResultDeleted || deletes && !cancelledOrder && !noResults) {
            return Optional.of(new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, DELETION_REQUEST)));
        }
        if (wrong) {
            // HL7 table 0085 W: "post original as wrong, e.g. transmitted for wrong patient"; filed, it became the current
            // report and replaced the final (round 31, a tester with OpenEMR's messages)
            return Optional.of(new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, POSTED_AS_WRONG)));
        }
        if (statusChangeOnly) {
            // HL7 table 0085 U: "results status change to final without retransmitting results already sent as
            // preliminary"; filed, its empty results replaced the preliminary's values (round 35, a tester: a potassium of
            // 6.2 left the current record)
            return Optional.of(new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, STATUS_CHANGE_ONLY)));
        }
        // whatever OBR-25 says: a correction (C) of cancelled results only replaced the final with an empty report too
        // and an order whose report says cancelled (OBR-25 X) is no result to file, whatever its results say (an attacker)
        if (cancelledOrder || deletes) {
            // every result cancelled (OBR-25 / OBX-11 X, no value): filed after a final it replaced it with an empty
            // report (round 31, a tester; round 29's left item "all cancelled is stored")
            return Optional.of(new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED,
                    reportStatus.equals("X") ? ORDER_CANCELLED : deletes && noResults ? ORDER_CANCEL_REQUEST : CANCELLATION)));
        }
        return Optional.empty();
    }

    /** The first repetition of TXA-17 that says the document is not finished, or null; every one is read ({@code AU~IP}
     *  was taken as authenticated, round 28's left item). */
    private static String unfinished(TXA txa) throws HL7Exception {
        return repetitions(txa, 17).stream().filter(v -> UNFINISHED.contains(v.toUpperCase(Locale.ROOT))).findFirst().orElse(null);
    }

    /** The values of every repetition of a TXA field of one component (TXA-17, TXA-18), the empty ones left out. */
    private static List<String> repetitions(TXA txa, int field) throws HL7Exception {
        List<String> out = new ArrayList<>();
        for (ca.uhn.hl7v2.model.Type repetition : txa.getField(field)) {
            String v = repetition instanceof Primitive p ? value(p) : null;
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** TXA-17 values of a document not finished (HL7 table 0271: in progress, incomplete, dictated). */
    private static final java.util.Set<String> UNFINISHED = java.util.Set.of("IP", "IN", "DI");

    /** HL7 v2 versions that HAPI reads, oldest first. */
    private static final List<String> KNOWN_VERSIONS = Arrays.stream(ca.uhn.hl7v2.Version.values())
            .map(ca.uhn.hl7v2.Version::getVersion).toList();

    /**
     * The message with its MSH-12 version as HAPI knows it: spaces around it dropped ({@code "2.5.1  "}), and a 2.x
     * version HAPI does not know (2.9, 2.5.2) read as the nearest version before it, which HL7 v2's backward
     * compatibility rule lets a reader do (round 28, a tester: both were refused "HL7 parse error"). Only the text
     * parsed changes; the content stored is the file's bytes.
     */
    public static String readableVersion(String er7) {
        return withMshField(er7, 12, (written, component) -> {
            int cut = written.indexOf(component);
            String version = (cut < 0 ? written : written.substring(0, cut)).strip();
            if (!KNOWN_VERSIONS.contains(version) && version.matches("2\\.\\d{1,2}(\\.\\d{1,2})?")) {
                String nearest = null;
                for (String known : KNOWN_VERSIONS) {
                    if (known.matches("2\\.\\d{1,2}(\\.\\d{1,2})?") && compareVersions(known, version) <= 0) {
                        nearest = nearest == null || compareVersions(known, nearest) > 0 ? known : nearest;
                    }
                }
                version = nearest == null ? version : nearest;
            }
            return version + (cut < 0 ? "" : written.substring(cut));
        });
    }

    /**
     * The message with MSH field {@code n} (MSH-9, MSH-12: MSH-1 being the field separator itself) given by {@code change}
     * from its text and the component separator; the same string when the field is absent or the change keeps it. Read
     * by scanning the header line: it runs once per message, before HAPI (issue 19's hot path).
     */
    static String withMshField(String er7, int n, java.util.function.BiFunction<String, Character, String> change) {
        if (er7.length() < 8 || !er7.startsWith("MSH")) {
            return er7;
        }
        char field = er7.charAt(3);
        int end = er7.indexOf('\r');
        end = end < 0 ? er7.length() : end;
        int from = 3; // the separator before MSH-2
        for (int k = 2; k < n && from >= 0; k++) {
            int next = er7.indexOf(field, from + 1);
            from = next < 0 || next >= end ? -1 : next;
        }
        if (from < 0) {
            return er7; // the header has fewer fields
        }
        int to = er7.indexOf(field, from + 1);
        to = to < 0 || to > end ? end : to;
        String written = er7.substring(from + 1, to);
        String changed = change.apply(written, er7.charAt(4));
        return changed.equals(written) ? er7 : er7.substring(0, from + 1) + changed + er7.substring(to);
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    /** The message with MSH-9's third component (the message structure) left out; unchanged when it has none. */
    public static String withoutMessageStructure(String er7) {
        return withMshField(er7, 9, (type, component) -> {
            String[] parts = type.split(java.util.regex.Pattern.quote(String.valueOf(component)), -1);
            return parts.length < 3 || parts[2].isEmpty() ? type : parts[0] + component + parts[1];
        });
    }

    /**
     * A message that says it brings a new document (MDM^T02, ORC-1 {@code NW}, the document's OBX-11 {@code F}) whose
     * CDA replaces another (relatedDocument RPLC): the ANS profile "Transmission de documents CDA en HL7 v2" asks ORC-1,
     * OBX-11 and the event to agree (NW/F/T02 new, RO/C/T10 replacement) and the platform rejects a message where they
     * do not. Round 25 (a tester on the ANS guide): such a T02 replaced a stored document.
     */
    static ReadItem newButReplacing(ReadItem item, int index, String messageType, String orderControl, String resultStatus) {
        if (!(item instanceof SourceDocument d) || d.meta().replacesId() == null) {
            return item;
        }
        String says = messageType.endsWith("T02") ? "MDM^T02"
                : "NW".equalsIgnoreCase(nz(orderControl)) ? "ORC-1 NW"
                : "F".equalsIgnoreCase(nz(resultStatus)) ? "OBX-11 F" : null;
        if (says == null || messageType.endsWith("T10")) {
            return item;
        }
        return new Unreadable(index, Rejection.of(ReasonCode.VERSION_CONFLICT, "the message brings a new document ("
                + says + ") but its CDA replaces another (relatedDocument RPLC): a replacement is sent as MDM^T10, "
                + "ORC-1 RO, OBX-11 C (ANS, Transmission de documents CDA en HL7 v2)"));
    }

    private static String nz(String s) {
        return s == null ? "" : s.strip();
    }

    static final String DELETION_REQUEST = "a sender's deletion request (ORC-1 CA / OBX-11 D on every result, MDM^T04): not"
            + " applied by dmp-ingest; a document stored stays stored until deleted through the dossier's events";
    static final String POSTED_AS_WRONG = "a result posted as wrong (OBX-11 W: sent for the wrong patient or in error): not"
            + " applied by dmp-ingest; a report stored stays until deleted through the dossier's events, the sender sends the"
            + " right one";
    static final String CANCELLATION = "a cancellation (OBX-11 X: every result cancelled): not applied"
            + " by dmp-ingest; a report stored stays until deleted through the dossier's events";
    static final String STATUS_CHANGE_ONLY = "a status change without its results (OBX-11 U: \"final, results already sent as"
            + " preliminary\"): not applied by dmp-ingest, which stores whole reports; the laboratory sends the final report"
            + " with its values (the preliminary stays current until then)";
    static final String ORDER_CANCEL_REQUEST = "a cancellation (ORC-1 CA, the order with no result): not applied by"
            + " dmp-ingest; a report stored stays until deleted through the dossier's events";
    /** Round 32, a tester on CDC's batches: an order cancelled over final results was said "every result cancelled, none given". */
    static final String ORDER_CANCELLED = "a cancellation (OBR-25 X: the order cancelled, whatever its results say): not"
            + " applied by dmp-ingest; a report stored stays until deleted through the dossier's events";

    /** An EI as a CI-SIS unique id: {@code universalId^entityId}, or the entity id alone. */
    /**
     * An EI (entity identifier ^ namespace id ^ universal id ^ type) as the document's id, its authority first as a CDA
     * id is (root^extension): {@code CRO-1^^1.2.250.1.213.1.1.9^ISO} is {@code 1.2.250.1.213.1.1.9^CRO-1}. Without a
     * universal id the namespace id is the authority ({@code CONSULT^123}); never dropped, or two documents of one
     * number in two namespaces would be one. An OID in component 1 with a plain extension in component 2 is the
     * root^extension written in CDA order (seen from a sender in round 15, whose documents all had the bare OID for
     * id, the second refused VERSION_CONFLICT): read the same way.
     */
    static String ei(ca.uhn.hl7v2.model.v26.datatype.EI ei) {
        String entity = value(ei.getEntityIdentifier());
        String namespace = value(ei.getNamespaceID());
        String universal = value(ei.getUniversalID());
        if (entity == null) {
            return null;
        }
        if (universal != null) {
            return universal + "^" + entity;
        }
        if (namespace == null) {
            return entity;
        }
        return OID.matcher(entity).matches() && !OID.matcher(namespace).matches()
                ? entity + "^" + namespace
                : namespace + "^" + entity;
    }

    /** An ISO OID (digits and dots, from 0, 1 or 2). */
    private static final java.util.regex.Pattern OID = java.util.regex.Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");

    /**
     * MetaDMPMSS codes that route the message (MSSanté recipients, acknowledgements: every {@code ACK_*}; the mail's body), not the
     * document's confidentiality: read in the ANS examples of "Transmission de documents CDA en HL7 v2" (ansforge
     * hl7V2-exemples), where DESTDMP=Y and ACK_RECEPTION are in nearly every message.
     */
    /** The MetaDMPMSS flags that hide a document (codes.md): a value other than Y or N is never read as "no". */
    private static final java.util.Set<String> CONFIDENTIALITY_FLAGS = java.util.Set.of("MASQUE_PS", "INVISIBLE_PATIENT",
            "INVISIBLE_REP_LEGAUX", "CONNEXION_SECRETE");

    private static final java.util.Set<String> ROUTING = java.util.Set.of("DESTDMP", "DESTMSSANTEPS", "DESTMSSANTEPAT",
            "ACK_RECEPTION", "ACK_LECTURE_MSS");

    /**
     * The document an ED observation carries, with its OBX-3 when that is a LOINC code (CWE-3 or CWE-6 "LN"): the type the
     * sender states for it (an imaging report's PDF coded 18748-4 was filed as a lab report from MSH-9 alone: round 37, a
     * tester on dcm4che's ORU). The classifier takes it when the catalogue knows it, before the message type.
     */
    static DocumentMeta statingItsType(DocumentMeta meta, CWE id) {
        String code = null;
        String display = null;
        if ("LN".equalsIgnoreCase(strip(value(id.getNameOfCodingSystem())))) {
            code = strip(value(id.getIdentifier()));
            display = value(id.getText());
        } else if ("LN".equalsIgnoreCase(strip(value(id.getNameOfAlternateCodingSystem())))) {
            code = strip(value(id.getAlternateIdentifier()));
            display = value(id.getAlternateText());
        }
        if (code == null || !code.matches("\\d{1,7}-\\d")) {
            return meta;
        }
        List<TypeHint> hints = new ArrayList<>();
        hints.add(new TypeHint(code, "LN", display, "hl7:OBX-3"));
        hints.addAll(meta.typeHints());
        return new DocumentMeta(meta.documentId(), meta.setId(), meta.version(), meta.replacesId(), hints, meta.title(),
                meta.authorOrg(), meta.creationTime(), meta.confidentiality(), meta.senderApp(), meta.senderFacility(),
                meta.messageId(), meta.resultStatus(), meta.orderId(), meta.messageTime());
    }

    /**
     * A MetaDMPMSS observation: the system in OBX-3.3, or in its alternate triplet (OBX-3.6) when the first is empty, as HL7's
     * CE allows (round 30, an attacker: {@code ^^^INVISIBLE_PATIENT^^MetaDMPMSS} was dropped, the document stored visible).
     */
    private static boolean isMetaDmp(CWE id) {
        return META_DMP.equalsIgnoreCase(strip(value(id.getNameOfCodingSystem())))
                || value(id.getIdentifier()) == null && META_DMP.equalsIgnoreCase(strip(value(id.getNameOfAlternateCodingSystem())));
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    /**
     * One MetaDMPMSS observation (codes.md): a confidentiality flag kept (rules.md R6), a routing one read for
     * DESTDMP=N only (the sender did not address the document to the DMP: refused), the mail's body ignored.
     */
    private static void metaFlag(OBX obx, List<String> confidentiality, List<Rejection> problems) {
        CWE id = obx.getObservationIdentifier();
        String code = value(id.getIdentifier()) != null ? value(id.getIdentifier()) : value(id.getAlternateIdentifier());
        if (code == null) {
            return;
        }
        code = code.strip().toUpperCase(Locale.ROOT);
        if (code.startsWith("CORPSMAIL")) {
            return; // the body of the MSSanté mail (ED), for its recipients, not for the DMP
        }
        String flag = flagValue(obx);
        // every ACK_* asks for an acknowledgement (the ANS guide's own ORU examples write ACK_LECTURE, its profile
        // ACK_LECTURE_MSS): a laboratory copying them had every report refused METADATA_INVALID (round 30, a tester)
        if (ROUTING.contains(code) || code.startsWith("ACK_")) {
            if ("DESTDMP".equals(code) && "N".equals(flag)) {
                problems.add(Rejection.of(ReasonCode.FORMAT_UNSUPPORTED,
                        "MetaDMPMSS DESTDMP=N: the sender did not address this document to the DMP"));
            }
            return;
        }
        if (!"Y".equals(flag)) {
            if (flag != null && !flag.isEmpty() && !"N".equals(flag) && CONFIDENTIALITY_FLAGS.contains(code)) {
                // rules.md R6: "O" (oui), "YES": neither Y nor N; read as no flag, the document was stored visible (round
                // 30, an attacker). Which one the sender meant is for the sender to say
                problems.add(Rejection.of(ReasonCode.METADATA_INVALID, "MetaDMPMSS " + code + " has a value that is neither Y"
                        + " nor N (HL7 table 0136)"));
            }
            return;
        }
        switch (code) {
            case "MASQUE_PS" -> confidentiality.add("MASQUE_PS");
            case "INVISIBLE_PATIENT" -> confidentiality.add("INVISIBLE_PATIENT");
            case "INVISIBLE_REP_LEGAUX" -> confidentiality.add("INVISIBLE_REPRESENTANTS_LEGAUX");
            // ANS HL7 v2 CDA transmission: Y on a replacement says its flags differ from the replaced version's; the
            // flags themselves are in this message (rules.md R13), the patient's maskings are kept by the store (R5)
            case "MODIF_CONF_CODE" -> {
            }
            // issue 15, rules.md R6: CONNEXION_SECRETE (or any other flag set to Y) has no code in
            // codes.md and no meaning this pipeline can honour: never dropped silently, kept as the code it is, so
            // that validation refuses the document (METADATA_INVALID) as for any code outside codes.md
            default -> confidentiality.add(code);
        }
    }

    /**
     * A Y/N flag's value: the first component of OBX-5, as ANS messages send it in a CWE or CE ({@code Y^^HL70136},
     * {@code N^^expandedYes-NoIndicator}); found on real examples, where every flag was read as absent before.
     */
    static String flagValue(OBX obx) {
        if (obx.getObservationValueReps() == 0) {
            return null;
        }
        Type data = obx.getObservationValue(0).getData();
        String v = null;
        if (data instanceof Composite c && c.getComponents().length > 0 && c.getComponents()[0] instanceof Primitive p) {
            v = p.getValue();
        } else if (data instanceof Primitive p) {
            v = p.getValue();
        } else if (data instanceof Varies varies && varies.getData() instanceof Primitive p) {
            v = p.getValue();
        }
        if (v == null) {
            return null;
        }
        int component = v.indexOf('^');
        return (component >= 0 ? v.substring(0, component) : v).strip().toUpperCase(Locale.ROOT);
    }
}
