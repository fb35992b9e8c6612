package fr.dmp.ingest.format.cda;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.StructureId;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.FirstNames;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.format.Base64Bounded;
import fr.dmp.ingest.format.Content;
import fr.dmp.ingest.format.DocumentMeta;
import fr.dmp.ingest.format.EmbeddedBytes;
import fr.dmp.ingest.format.FormatReader;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.PatientIdentifier;
import fr.dmp.ingest.format.PatientRef;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.domain.Sha256;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.TextCharsets;
import fr.dmp.ingest.format.TypeHint;
import fr.dmp.ingest.format.Unreadable;
import fr.dmp.ingest.format.hl7.Hl7Time;
import fr.dmp.ingest.format.pdf.PdfReader;
import fr.dmp.ingest.format.pdf.PdfText;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CDA R2 documents (formats.md): the header gives the identity and the CI-SIS metadata, the body the
 * text; a {@code nonXMLBody} PDF is decoded (bounded) and stored as the content, its text extracted. A
 * {@code nonXMLBody} whose bytes are not what its {@code mediaType} declares is {@code UNSAFE_CONTENT}.
 * Parsed with {@link SafeXml}: a DOCTYPE, an external entity or an external reference in the body is
 * {@code UNSAFE_CONTENT}, never followed.
 */
public final class CdaReader implements FormatReader {

    public static final String MEDIA_TYPE = "application/x-hl7-cda+xml";
    static final String V3 = "urn:hl7-org:v3";
    /** codes.md: CR d'examens biologiques. */
    private static final String LAB_REPORT = "11502-2";

    @Override
    public SourceFormat format() {
        return SourceFormat.CDA;
    }

    @Override
    public List<ReadItem> read(InputFile input, ReadContext context) {
        return List.of(readDocument(input.bytes(), 1, context));
    }

    /** Reads one CDA document (also one embedded in an HL7 message) as the item {@code index}. */
    public ReadItem readDocument(byte[] bytes, int index, ReadContext context) {
        String unsafe = SafeXml.unsafe(bytes);
        if (unsafe != null) {
            return new Unreadable(index, Rejection.of(ReasonCode.UNSAFE_CONTENT, unsafe));
        }
        Document xml;
        try {
            xml = SafeXml.parse(bytes);
        } catch (SAXException e) {
            if (e.getException() instanceof java.io.CharConversionException || e.getCause() instanceof java.io.CharConversionException) {
                // the parser met a byte sequence its character set forbids (Latin-1 under a UTF-8 declaration): the
                // encoding is wrong, not the XML (reasons.md ENCODING_INVALID; round 27, tester C)
                return new Unreadable(index, Rejection.of(ReasonCode.ENCODING_INVALID,
                        "bytes not valid in the declared character set (" + declaredEncoding(bytes) + ")"));
            }
            String m = String.valueOf(e.getMessage());
            if (m.contains("maxElementDepth")) {
                return new Unreadable(index, Rejection.of(ReasonCode.TOO_LARGE, "XML elements nested deeper than "
                        + SafeXml.MAX_ELEMENT_DEPTH + " levels"));
            }
            boolean refused = m.contains("DOCTYPE is disallowed") || m.contains("external entity refused")
                    || m.contains("JAXP0001");
            return new Unreadable(index, Rejection.of(refused ? ReasonCode.UNSAFE_CONTENT : ReasonCode.FORMAT_CORRUPT,
                    refused ? "XML declares entities" : "malformed XML"));
        } catch (IOException e) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "XML cannot be read (" + e.getClass().getSimpleName() + ")"));
        }
        Element root = xml.getDocumentElement();
        if (!"ClinicalDocument".equals(root.getLocalName()) || !V3.equals(root.getNamespaceURI())) {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, "XML that is not a CDA R2 ClinicalDocument"));
        }
        List<Rejection> problems = new ArrayList<>();

        List<Element> recordTargets = children(root, "recordTarget");
        if (recordTargets.size() > 1 || recordTargets.size() == 1 && children(recordTargets.get(0), "patientRole").size() > 1) {
            // CI-SIS header: exactly one recordTarget; the first of two was filed and the other patient never looked at (round 27, tester C)
            return new Unreadable(index, Rejection.of(ReasonCode.METADATA_INVALID, recordTargets.size() > 1
                    ? "CDA with " + recordTargets.size() + " recordTarget elements: a document is one patient's (CI-SIS: exactly one)"
                    : "CDA recordTarget with " + children(recordTargets.get(0), "patientRole").size()
                            + " patientRole elements: a document is one patient's (CI-SIS: exactly one)"));
        }
        Element recordTarget = recordTargets.isEmpty() ? null : recordTargets.get(0);
        Element patientRole = child(recordTarget, "patientRole");
        if (patientRole == null) {
            return new Unreadable(index, Rejection.of(ReasonCode.METADATA_MISSING, "CDA without recordTarget/patientRole"));
        }
        PatientRef patient = patient(patientRole, problems);

        String documentId = ii(child(root, "id"));
        String setId = ii(child(root, "setId"));
        Integer version = null;
        Element versionNumber = child(root, "versionNumber");
        // optional (0..1): a null flavour and no value is no version number, as an absent element (a CRISP sample's
        // <versionNumber nullFlavor="NA"/> was METADATA_MISSING "is not a number", round 29, a tester)
        if (versionNumber != null && !(versionNumber.getAttribute("value").isBlank() && versionNumber.hasAttribute("nullFlavor"))) {
            try {
                version = Integer.valueOf(versionNumber.getAttribute("value").strip());
                if (version < 1) {
                    // versions count from 1 (CI-SIS); 0 passed the reader and failed the store's check, the file quarantined
                    // INTERNAL_ERROR as a fault of ours (round 35, a tester)
                    problems.add(Rejection.of(ReasonCode.METADATA_INVALID, "versionNumber " + version
                            + " is not a version: the first version is 1"));
                    version = null;
                }
            } catch (NumberFormatException e) {
                problems.add(Rejection.of(ReasonCode.METADATA_INVALID, "versionNumber is not a number"));
            }
        }
        if (documentId == null) {
            problems.add(Rejection.of(ReasonCode.METADATA_MISSING, "CDA id"));
        }
        List<TypeHint> hints = new ArrayList<>();
        Element code = child(root, "code");
        if (code != null && !code.getAttribute("code").isBlank()) {
            hints.add(new TypeHint(code.getAttribute("code").strip(), blank(code.getAttribute("codeSystem")),
                    blank(code.getAttribute("displayName")), "cda:code"));
        }
        for (Element translation : children(code, "translation")) {
            // after the code: classification takes one only when the code is not the catalogue's (round 27, tester C)
            if (!translation.getAttribute("code").isBlank()) {
                hints.add(new TypeHint(translation.getAttribute("code").strip(), blank(translation.getAttribute("codeSystem")),
                        blank(translation.getAttribute("displayName")), "cda:code/translation"));
            }
        }
        String title = text(child(root, "title"));
        Instant created = null;
        Element effective = child(root, "effectiveTime");
        if (effective == null || effective.getAttribute("value").isBlank()) {
            problems.add(Rejection.of(ReasonCode.METADATA_MISSING, "CDA effectiveTime"));
        } else {
            try {
                created = Hl7Time.instant(effective.getAttribute("value"), context.zone());
            } catch (DateTimeException e) {
                problems.add(Rejection.of(ReasonCode.DATE_INVALID, "effectiveTime unparseable"));
            }
        }
        List<String> confidentiality = new ArrayList<>();
        for (Element c : children(root, "confidentialityCode")) {
            String v = blank(c.getAttribute("code"));
            if (v != null && !confidentiality.contains(v)) {
                confidentiality.add(v);
            }
        }
        String authorOrg = authorOrganisation(root);
        String replaces = null;
        String appendsTo = null; // the set of the document this one is an addendum (APND) or a transformation (XFRM) of
        boolean appends = false;
        for (Element related : children(root, "relatedDocument")) {
            String relation = related.getAttribute("typeCode");
            if ("RPLC".equals(relation)) {
                replaces = ii(child(child(related, "parentDocument"), "id"));
            } else if ("APND".equals(relation) || "XFRM".equals(relation)) {
                appends = true;
                String parentSet = ii(child(child(related, "parentDocument"), "setId"));
                appendsTo = parentSet != null && parentSet.equals(setId) ? relation : appendsTo;
            }
        }
        if (replaces == null && appends) {
            // its version number never makes it the next version of a set (a review: a parent named by its id alone, the
            // addendum restating the parent's set with a later number, still replaced it): the store then refuses it
            // beside a current version of that set
            version = null;
        }
        if (replaces == null && appendsTo != null) {
            // CDA R2: only a replacement (RPLC) is the next version of its parent's set; an addendum or a transformation
            // is a document of its own. One stating its parent's set and a later version replaced the parent, which
            // left the record (round 33, a tester, on IPF's samples)
            return new Unreadable(index, Rejection.of(ReasonCode.VERSION_CONFLICT, "an " + ("APND".equals(appendsTo)
                    ? "addendum (relatedDocument APND)" : "transformation (relatedDocument XFRM)") + " that states its"
                    + " parent's set (setId) as its own: only a replacement (RPLC) continues a set, an addendum or a"
                    + " transformation has a set of its own"));
        }
        DocumentMeta meta = new DocumentMeta(documentId, setId, version, replaces, hints, title, authorOrg, created,
                confidentiality, null, null, null, null, null);

        Element component = child(root, "component");
        Element nonXml = child(component, "nonXMLBody");
        Element structured = child(component, "structuredBody");
        List<String> flags = new ArrayList<>();
        Content content;
        if (nonXml != null) {
            Element textEl = child(nonXml, "text");
            if (textEl == null) {
                return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "nonXMLBody without text"));
            }
            if (child(textEl, "reference") != null) {
                // never fetch: a reference may point to a local file or an internal server
                return new Unreadable(index, Rejection.of(ReasonCode.UNSAFE_CONTENT, "nonXMLBody refers to an external resource"));
            }
            String mediaType = blank(textEl.getAttribute("mediaType"));
            String compression = blank(textEl.getAttribute("compression"));
            if (compression != null) {
                // CDA R2 allows a compressed ED (DF, GZ, ZL...); the CI-SIS body is plain base64. Its bytes were taken for
                // the declared type and refused UNSAFE_CONTENT, which tells an operator of danger (round 26, a tester)
                return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, "nonXMLBody compressed ("
                        + (compression.matches("[A-Za-z0-9]{1,3}") ? compression : "?") + "): only an uncompressed body is read (CI-SIS)"));
            }
            boolean base64 = "B64".equalsIgnoreCase(textEl.getAttribute("representation"));
            String body = textEl.getTextContent();
            if (body == null || body.isBlank()) {
                // nothing was sent: a 0-byte PDF in base64 was called broken base64 (round 27, tester C)
                return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "nonXMLBody is empty"));
            }
            byte[] decoded;
            if (base64) {
                try {
                    decoded = Base64Bounded.decode(body, context.maxBytes());
                } catch (IllegalArgumentException e) {
                    return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "nonXMLBody base64 is broken"));
                } catch (Base64Bounded.TooLarge e) {
                    return new Unreadable(index, Rejection.of(ReasonCode.TOO_LARGE, "nonXMLBody over " + context.maxBytes() + " bytes"));
                }
            } else {
                // representation TXT, CDA R2's default: the characters are the body, read as the same body in base64 is
                // (identifiers.md: a text body is xds-sd:text; it was stored as the CDA with a structured code, round 27, tester C)
                if (mediaType != null && !mediaType.toLowerCase(Locale.ROOT).startsWith("text/")) {
                    // a PDF or a scan cannot be characters: the sender left out representation="B64", nothing disguised
                    return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "nonXMLBody of media type "
                            + mediaType.replaceAll("[^A-Za-z0-9/.+-]", "?") + " written inline: only base64 (representation B64) carries it"));
                }
                decoded = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            // the declared media type is stored and trusted by viewers: the bytes must be what it says
            // (EmbeddedBytes: a mismatch is UNSAFE_CONTENT), and a PDF passes the active-content check
            if ("application/pdf".equalsIgnoreCase(mediaType)) {
                var mismatch = EmbeddedBytes.checkPdf(decoded, "nonXMLBody");
                if (mismatch.isPresent()) {
                    return new Unreadable(index, mismatch.get());
                }
                PdfText.Result r = PdfText.extract(decoded, context.maxBytes(), context.maxPdfPages());
                if (r instanceof PdfText.Refused refused) {
                    return new Unreadable(index, refused.rejection());
                }
                PdfText.Extracted pdf = ((PdfText.Ok) r).pdf();
                if (!pdf.hasTextLayer()) {
                    flags.add(SourceDocument.NO_TEXT_LAYER);
                }
                // the PDF is the document: stored once, as the content (codes.md xds-sd:pdf)
                content = new Content(decoded, Sha256.hex(decoded), PdfReader.MEDIA_TYPE, pdf.hasTextLayer() ? pdf.text() : "");
            } else if (mediaType == null || mediaType.toLowerCase(Locale.ROOT).startsWith("text/plain")) {
                var mismatch = EmbeddedBytes.checkPlainText(decoded, "nonXMLBody");
                // a short letter in Latin-1 or windows-1252 is "octet-stream" to the detector: text all the same when it
                // reads in its charset without a control character (round 32, an attacker: refused as UNSAFE_CONTENT)
                PlainText plain = base64 ? plainText(decoded, mediaType, context.defaultCharset()) : null; // read once
                boolean textAfterAll = mismatch.isPresent() && plain != null && plain.refusal() == null
                        && EmbeddedBytes.detect(decoded).getBaseType().equals(org.apache.tika.mime.MediaType.OCTET_STREAM);
                if (mismatch.isPresent() && !textAfterAll) {
                    return new Unreadable(index, mismatch.get());
                }
                if (new String(decoded, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
                    // base64 of spaces is no text either (round 27, an attacker: stored where the same inline was refused)
                    return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "nonXMLBody is empty"));
                }
                String text = body; // inline, the XML parser decoded the characters already
                if (plain != null) {
                    if (plain.refusal() != null) {
                        return new Unreadable(index, plain.refusal());
                    }
                    text = plain.text();
                }
                content = new Content(decoded, Sha256.hex(decoded), "text/plain", text);
            } else if (EmbeddedBytes.SCANNED_OR_RTF.containsKey(mediaType.toLowerCase(Locale.ROOT))) {
                // a scanned paper document (JPEG, TIFF) or a word processor's RTF: CI-SIS non-structured bodies
                // (codes.md xds-sd jpeg, tiff, rtf); stored as sent, no text read from it, its type from the header
                var mismatch = EmbeddedBytes.checkScannedOrRtf(decoded, mediaType, "nonXMLBody");
                if (mismatch.isPresent()) {
                    return new Unreadable(index, mismatch.get());
                }
                flags.add(SourceDocument.NO_TEXT_LAYER);
                content = new Content(decoded, Sha256.hex(decoded),
                        EmbeddedBytes.SCANNED_OR_RTF.get(mediaType.toLowerCase(Locale.ROOT)), "");
            } else {
                return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED,
                        "nonXMLBody of media type " + mediaType.replaceAll("[^A-Za-z0-9/.+-]", "?")));
            }
        } else if (structured != null) {
            if (children(structured, "component").stream().noneMatch(c -> child(c, "section") != null)) {
                // CDA R2 gives a structured body one component with a section at least: an empty one was stored as a
                // letter with no text (round 27, tester C); nothing to store, as a CDA without body
                return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "CDA structuredBody without any section"));
            }
            var attached = attachments(structured, context);
            if (attached.isPresent()) {
                return new Unreadable(index, attached.get());
            }
            content = new Content(bytes, Sha256.hex(bytes), MEDIA_TYPE, narrative(structured));
        } else {
            return new Unreadable(index, Rejection.of(ReasonCode.FORMAT_CORRUPT, "CDA without body"));
        }
        // a structured lab report's results become result rows, as an ORU's do (CR-BIO level 3)
        // (its code, or a translation: a local code translated to 11502-2 was typed a lab report and its results dropped
        // without a word, round 37, a tester on Estonian and Vietnamese reports; the classifier drops them again when the
        // document's own code is another catalogue type)
        boolean labReport = code != null && (LAB_REPORT.equals(code.getAttribute("code").strip())
                || children(code, "translation").stream().anyMatch(t -> LAB_REPORT.equals(t.getAttribute("code").strip())));
        List<fr.dmp.ingest.format.Observation> results = structured != null && nonXml == null && labReport
                ? CdaResults.of(structured, context.zone()) : List.of();
        return new SourceDocument(index, SourceFormat.CDA, "CDA", patient, meta, content, results, problems, 0, flags);
    }

    /**
     * formats.md, "active content": the files a structured body carries in base64 (an {@code observationMedia}, the CI-SIS
     * "FR-Document-attache" entry, any ED value) pass the checks a nonXMLBody's do. A PDF with document-level JavaScript,
     * embedded files or a password was stored inside a structured body, refused in a nonXMLBody (round 30, a tester on
     * HL7's CDA-core-sd example). A reference to an outside file ({@code lefthand.gif}) is kept as written, never fetched:
     * the narrative still reads without it, where a nonXMLBody of a reference holds nothing.
     */
    /** Whether an element holds text of its own (not only child elements such as a {@code reference}). */
    private static boolean hasOwnText(Element e) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if ((n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) && !n.getNodeValue().isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** Media types that run in the viewer that opens them: refused wherever they are attached. */
    private static final java.util.Set<String> ACTIVE = java.util.Set.of("text/html", "application/xhtml+xml", "image/svg+xml",
            "text/javascript", "application/javascript", "application/x-javascript", "application/ecmascript",
            "application/x-msdownload", "application/x-dosexec", "application/x-executable", "application/x-elf",
            "application/x-sh", "application/x-sharedlib", "application/java-archive", "application/x-bat",
            "application/x-msi", "application/hta");

    private static java.util.Optional<Rejection> attachments(Element structured, ReadContext context) {
        org.w3c.dom.NodeList all = structured.getElementsByTagName("*");
        long budget = context.maxBytes();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (!"B64".equalsIgnoreCase(e.getAttribute("representation"))) {
                String declared = blank(e.getAttribute("mediaType"));
                if (declared != null && !declared.toLowerCase(Locale.ROOT).startsWith("text/") && hasOwnText(e)) {
                    // a PDF's base64 without representation="B64": as in a nonXMLBody, a file cannot be characters; a
                    // reader taking it as base64 got the scripted PDF stored unchecked (round 30, an attacker)
                    return java.util.Optional.of(Rejection.of(ReasonCode.FORMAT_CORRUPT, "structuredBody value of media type "
                            + declared.replaceAll("[^A-Za-z0-9/.+-]", "?") + " written inline: only base64 (representation B64) carries it"));
                }
                continue;
            }
            String where = "structuredBody " + (e.getParentNode() instanceof Element parent ? parent.getLocalName() != null
                    ? parent.getLocalName() : parent.getTagName() : "") + " value";
            String body = e.getTextContent();
            if (body == null || body.isBlank()) {
                continue; // nothing attached: a value with its reference only
            }
            byte[] decoded;
            try {
                decoded = Base64Bounded.decode(body, budget);
            } catch (IllegalArgumentException bad) {
                return java.util.Optional.of(Rejection.of(ReasonCode.FORMAT_CORRUPT, where + ": base64 is broken"));
            } catch (Base64Bounded.TooLarge large) {
                return java.util.Optional.of(Rejection.of(ReasonCode.TOO_LARGE, "files attached in the structuredBody over "
                        + context.maxBytes() + " bytes"));
            }
            budget -= decoded.length;
            String declared = blank(e.getAttribute("mediaType"));
            String type = declared == null ? "" : declared.toLowerCase(Locale.ROOT);
            String detectedType = EmbeddedBytes.detect(decoded).getBaseType().toString();
            if (ACTIVE.contains(type) || ACTIVE.contains(detectedType)) {
                // HTML, SVG, scripts and programs run in the viewer that opens them (round 30, a reviewer: stored)
                return java.util.Optional.of(Rejection.of(ReasonCode.UNSAFE_CONTENT, where + " holds "
                        + (ACTIVE.contains(detectedType) ? detectedType : type) + ": active content, never stored"));
            }
            if (type.equals("application/pdf") || EmbeddedBytes.startsAsPdf(decoded)) {
                var mismatch = type.equals("application/pdf") ? EmbeddedBytes.checkPdf(decoded, where)
                        : EmbeddedBytes.mismatch(where, declared == null ? "no media type" : declared,
                        org.apache.tika.mime.MediaType.application("pdf"));
                if (mismatch.isPresent()) {
                    return mismatch;
                }
                if (PdfText.extract(decoded, context.maxBytes(), context.maxPdfPages()) instanceof PdfText.Refused refused) {
                    return java.util.Optional.of(Rejection.of(refused.rejection().reason(), "PDF attached in the structuredBody: "
                            + refused.rejection().detail()));
                }
            } else if (EmbeddedBytes.SCANNED_OR_RTF.containsKey(type)) {
                var mismatch = EmbeddedBytes.checkScannedOrRtf(decoded, type, where);
                if (mismatch.isPresent()) {
                    return mismatch;
                }
            } else if (type.startsWith("text/plain")) {
                var mismatch = EmbeddedBytes.checkPlainText(decoded, where);
                if (mismatch.isPresent()) {
                    return mismatch;
                }
            } else if (type.startsWith("image/")) {
                // an image must be one: a viewer trusts the declared type (an executable or HTML as image/png)
                org.apache.tika.mime.MediaType detected = EmbeddedBytes.detect(decoded);
                if (!detected.getType().equals("image")) {
                    return EmbeddedBytes.mismatch(where, declared, detected);
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** A base64 text/plain body's text, or why it cannot be read. */
    record PlainText(String text, Rejection refusal) {
    }

    /**
     * A base64 text/plain body's text, by formats.md's character-set rules as HL7 has them (Hl7Reader): the charset its
     * media type declares, strictly (bytes invalid in it, or UTF-8's multi-byte sequences under a single-byte set, are
     * ENCODING_INVALID, never mojibake), else UTF-8 when the bytes are UTF-8, else the feed's; no control characters. A
     * Latin-1 body was read as UTF-8, its accents lost (round 32, a tester on the Australian CDA library's shapes).
     */
    static PlainText plainText(byte[] bytes, String mediaType, java.nio.charset.Charset feedCharset) {
        int from = TextCharsets.hasUtf8Bom(bytes) ? 3 : 0;
        java.nio.charset.Charset declared = null;
        java.util.regex.Matcher m = CHARSET_PARAMETER.matcher(mediaType == null ? "" : mediaType);
        if (m.find()) {
            try {
                declared = java.nio.charset.Charset.forName(m.group(1));
            } catch (IllegalArgumentException unknown) {
                return new PlainText(null, Rejection.of(ReasonCode.ENCODING_INVALID, "nonXMLBody text/plain: unknown or"
                        + " unsupported character set in its media type"));
            }
        }
        java.nio.charset.Charset charset;
        if (from == 3) {
            charset = java.nio.charset.StandardCharsets.UTF_8; // the byte order mark says UTF-8, whatever is declared
        } else if (declared != null) {
            if (!declared.equals(java.nio.charset.StandardCharsets.UTF_8) && TextCharsets.isMultiByteUtf8(bytes, 0, bytes.length)) {
                return new PlainText(null, Rejection.of(ReasonCode.ENCODING_INVALID, "nonXMLBody text/plain declares "
                        + declared.name() + " but its bytes are UTF-8 (multi-byte characters): a wrongly declared character set"));
            }
            charset = TextCharsets.latin1OrWindows1252(bytes, 0, bytes.length, declared);
        } else if (TextCharsets.isValidUtf8(bytes, 0, bytes.length)) {
            charset = java.nio.charset.StandardCharsets.UTF_8;
        } else {
            charset = TextCharsets.latin1OrWindows1252(bytes, 0, bytes.length, feedCharset);
        }
        java.util.Optional<String> text = TextCharsets.decodeStrict(bytes, from, bytes.length - from, charset);
        if (text.isEmpty()) {
            return new PlainText(null, Rejection.of(ReasonCode.ENCODING_INVALID, "nonXMLBody text/plain: bytes not valid in "
                    + (declared != null ? "its declared character set " : "UTF-8 nor in the feed's ") + charset.name()));
        }
        int control = TextCharsets.firstForbiddenControl(text.get());
        if (control >= 0) {
            return new PlainText(null, Rejection.of(ReasonCode.ENCODING_INVALID, TextCharsets.forbiddenControl(text.get(), control, charset)));
        }
        return new PlainText(text.get(), null);
    }

    private static final java.util.regex.Pattern CHARSET_PARAMETER =
            java.util.regex.Pattern.compile(";\\s*charset\\s*=\\s*\"?([A-Za-z0-9._:-]{1,40})", java.util.regex.Pattern.CASE_INSENSITIVE);

    // ---- header ------------------------------------------------------------------------------

    private static PatientRef patient(Element patientRole, List<Rejection> problems) {
        List<PatientIdentifier> ids = new ArrayList<>();
        for (Element id : children(patientRole, "id")) {
            String ext = blank(id.getAttribute("extension"));
            if (ext != null) {
                ids.add(new PatientIdentifier(ext, blank(id.getAttribute("root")), null));
            }
        }
        Element patient = child(patientRole, "patient");
        String birthName = null;
        List<String> firstNames = new ArrayList<>();
        boolean firstNamesWrittenOut = false;
        Sex sex = null;
        BirthDate birth = null;
        String birthPlace = null;
        if (patient != null) {
            List<Element> names = children(patient, "name");
            Element name = birthNameElement(names);
            if (name != null) {
                birthName = birthName(children(name, "family"));
                // the first names from the same name, else from the first that has some (a name of the birth name alone)
                Element withGivens = children(name, "given").isEmpty()
                        ? names.stream().filter(n -> !children(n, "given").isEmpty()).findFirst().orElse(name) : name;
                firstNames = firstNames(children(withGivens, "given"));
                firstNamesWrittenOut = firstNamesWrittenOut(children(withGivens, "given"));
            }
            Element gender = child(patient, "administrativeGenderCode");
            if (gender != null) {
                sex = Sex.parse(gender.getAttribute("code"));
            }
            Element birthTime = child(patient, "birthTime");
            if (birthTime != null && !birthTime.getAttribute("value").isBlank()) {
                try {
                    birth = BirthDate.digits(birthTime.getAttribute("value")); // TS at the precision known: 1961, 196105
                } catch (DateTimeException e) {
                    problems.add(Rejection.of(ReasonCode.DATE_INVALID, "birthTime unparseable"));
                }
            }
            Element addr = child(child(child(patient, "birthplace"), "place"), "addr");
            if (addr != null) {
                birthPlace = text(child(addr, "county"));
                if (birthPlace == null) {
                    birthPlace = text(child(addr, "censusTract"));
                }
            }
        }
        return new PatientRef(ids, null, new Traits(birthName, firstNames, sex, birth, birthPlace, firstNamesWrittenOut));
    }

    /**
     * The author organisation as the pipeline compares it (rules.md R9, issue 15 item 5): the first id of the author's
     * represented organisation that names one ({@link StructureId}: 1+FINESS, 3+SIRET, a bare FINESS; never an id under
     * the persons' OID), else the custodian's, read the same way, else none (the store takes the feed's FINESS).
     */
    private static String authorOrganisation(Element root) {
        for (Element author : children(root, "author")) {
            Element org = child(child(author, "assignedAuthor"), "representedOrganization");
            for (Element id : children(org, "id")) {
                java.util.Optional<String> named = StructureId.organisation(id.getAttribute("root"), blank(id.getAttribute("extension")));
                if (named.isPresent()) {
                    return named.get();
                }
            }
        }
        Element custodian = child(child(child(root, "custodian"), "assignedCustodian"), "representedCustodianOrganization");
        for (Element id : children(custodian, "id")) {
            // the author's rule, nothing looser: any other custodian id ("HEBERGEUR", a foreign "OFFICE") was stored as the
            // author institution (round 27, tester C); none leaves the feed's FINESS to stand (identifiers.md)
            java.util.Optional<String> named = StructureId.organisation(id.getAttribute("root"), blank(id.getAttribute("extension")));
            if (named.isPresent()) {
                return named.get();
            }
        }
        return null;
    }

    private static final java.util.regex.Pattern ENCODING = java.util.regex.Pattern.compile(
            "^\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']");

    /** The encoding the XML declaration names (bytes read as ASCII), else UTF-8, XML's default without one. */
    static String declaredEncoding(byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        java.util.regex.Matcher m = ENCODING.matcher(new String(bytes, start, Math.min(bytes.length - start, 256),
                java.nio.charset.StandardCharsets.ISO_8859_1));
        return m.find() ? m.group(1) : "UTF-8, XML's default";
    }

    /** The CI-SIS uniqueId form of an II: {@code root^extension}, or the root alone. */
    private static String ii(Element id) {
        if (id == null) {
            return null;
        }
        String root = blank(id.getAttribute("root"));
        String ext = blank(id.getAttribute("extension"));
        if (root == null) {
            return null;
        }
        return ext == null ? root : root + "^" + ext;
    }

    /** Section titles and narrative text of a structured body, for search and classification. */
    private static String narrative(Element structuredBody) {
        StringBuilder sb = new StringBuilder();
        for (Element component : children(structuredBody, "component")) {
            section(child(component, "section"), sb);
        }
        return sb.toString().strip();
    }

    private static void section(Element section, StringBuilder sb) {
        if (section == null) {
            return;
        }
        String title = text(child(section, "title"));
        if (title != null) {
            sb.append(title).append('\n');
        }
        Element text = child(section, "text");
        if (text != null) {
            String t = text.getTextContent();
            if (t != null && !t.isBlank()) {
                sb.append(t.strip().replaceAll("[ \\t]*\\n[ \\t\\n]*", "\n")).append('\n');
            }
        }
        for (Element component : children(section, "component")) {
            section(child(component, "section"), sb);
        }
    }

    // ---- DOM helpers ----------------------------------------------------------------------------

    /**
     * The patient's {@code name} that holds the birth name: the one with a {@code family qualifier="BR"}, else the
     * first. The CI-SIS writes one {@code name} with every family in it; C-CDA senders write one per use (a legal name
     * with the spouse's name, {@code SP}, then a search name with the birth name): only the first was read, and such a
     * document was refused for a birth name it stated (round 26, a tester on blue-button's fixtures).
     */
    static Element birthNameElement(List<Element> names) {
        for (Element name : names) {
            for (Element family : children(name, "family")) {
                if (text(family) != null && qualifiers(family).contains("BR")) {
                    return name;
                }
            }
        }
        return names.isEmpty() ? null : names.get(0);
    }

    /**
     * The birth name: CI-SIS (recordTarget_fr.sch) qualifies it {@code BR}; {@code SP} (name of usage) and {@code CL}
     * (name in use, RNIV) are not INS traits, so a family without qualifier is the birth name when none says BR, and
     * a family that carries only other qualifiers is none (round 16: a lone {@code SP}, the spouse's name, was read as
     * the birth name; formats.md: SP is no INS trait).
     */
    static String birthName(List<Element> families) {
        String unqualified = null;
        for (Element family : families) {
            String v = text(family);
            if (v == null) {
                continue;
            }
            List<String> q = qualifiers(family);
            if (q.contains("BR")) {
                return v;
            }
            if (q.isEmpty() && unqualified == null) {
                unqualified = v;
            }
        }
        return unqualified;
    }

    /**
     * The list of birth first names (ins.md). Senders write it two ways: the CI-SIS (recordTarget_fr.sch, the ANS
     * examples) puts the list in a {@code given} without qualifier and its first name in {@code given qualifier="BR"};
     * others put the first name alone and the list in the BR one. Either way one {@code given} is the head, word for
     * word, of another: that one is the first name (kept whole, "Marie Claire") and the longer one the list. Otherwise
     * the first {@code given} is the first name, kept whole, and the others are lists; a lone one can only be cut on
     * its spaces (or commas). {@code CL}, the first name in use (RNIV), is no INS trait and is read only when nothing
     * else names the patient; other qualifiers (IN, initials) are no first name.
     */
    static List<String> firstNames(List<Element> givens) {
        List<String> birth = birthGivens(givens);
        if (birth.isEmpty()) {
            return new ArrayList<>();
        }
        if (birth.size() == 1) {
            return FirstNames.of(null, birth.get(0));
        }
        for (String head : birth) {
            for (String list : birth) {
                if (head != list && startsWithWords(list, head)) {
                    List<String> rest = new ArrayList<>(birth);
                    rest.remove(head);
                    rest.remove(list);
                    rest.add(0, list);
                    return FirstNames.of(head, rest.toArray(new String[0]));
                }
            }
        }
        return FirstNames.of(birth.get(0), birth.subList(1, birth.size()).toArray(new String[0]));
    }

    /**
     * Whether the first names came as one {@code given} written out with spaces only ("Maria Lucia"): the CI-SIS's
     * list without its {@code BR} first name beside it, where one first name of two words cannot be told from two.
     */
    static boolean firstNamesWrittenOut(List<Element> givens) {
        List<String> birth = birthGivens(givens);
        return birth.size() == 1 && FirstNames.writtenOut(null, birth.get(0));
    }

    /** The {@code given}s that name the birth first names: without qualifier or {@code BR}, else {@code CL}. */
    private static List<String> birthGivens(List<Element> givens) {
        List<String> birth = new ArrayList<>();
        List<String> inUse = new ArrayList<>();
        for (Element given : givens) {
            String v = text(given);
            if (v == null) {
                continue;
            }
            List<String> q = qualifiers(given);
            if (q.isEmpty() || q.contains("BR")) {
                birth.add(v);
            } else if (q.contains("CL")) {
                inUse.add(v);
            }
        }
        return birth.isEmpty() ? inUse : birth;
    }

    /** Whether {@code list}'s words begin with all of {@code head}'s, and it has more (names compared as ins.md normalises them). */
    private static boolean startsWithWords(String list, String head) {
        String[] l = list.strip().split("[\\s,]+");
        String[] h = head.strip().split("[\\s,]+");
        if (l.length <= h.length) {
            return false;
        }
        for (int i = 0; i < h.length; i++) {
            String a = fr.dmp.ingest.domain.Traits.normaliseName(l[i]);
            if (a == null || !a.equals(fr.dmp.ingest.domain.Traits.normaliseName(h[i]))) {
                return false;
            }
        }
        return true;
    }

    /** An EntityNamePartQualifier set (a list of codes, space-separated), upper-cased. */
    private static List<String> qualifiers(Element part) {
        String q = part.getAttribute("qualifier").strip();
        return q.isEmpty() ? List.of() : List.of(q.toUpperCase(java.util.Locale.ROOT).split("\\s+"));
    }

    static Element child(Element parent, String localName) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName()) && V3.equals(e.getNamespaceURI())) {
                return e;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName()) && V3.equals(e.getNamespaceURI())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element e) {
        return e == null ? null : blank(e.getTextContent());
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
