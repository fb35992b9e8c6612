package fr.dmp.ingest.format;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import org.apache.tika.mime.MediaType;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one seam between bytes and documents: detects the format, checks that the feed accepts it, and
 * hands the input to that format's reader.
 */
public final class Formats {

    private final FormatDetector detector = new FormatDetector();
    private static final MediaType SELF_PRESENTING = MediaType.parse("application/xslt+xml");
    /**
     * CI-SIS "document autoprésentable" (the ANS examples BIO-CR-BIO Auto-Presentable, CANCER-PPS Autopresentable): an
     * XSL stylesheet that carries the ClinicalDocument inside it, for display in a browser. Stored as it came, the DMP
     * would hold a stylesheet; taking the ClinicalDocument out would store what the sender did not send.
     */
    static final String SELF_PRESENTING_DETAIL = "a self-presenting CDA (a ClinicalDocument inside an XSL stylesheet,"
            + " CI-SIS): not a CDA document; have the sender send the ClinicalDocument itself";
    private final Map<SourceFormat, FormatReader> readers = new EnumMap<>(SourceFormat.class);

    public Formats(List<FormatReader> readers) {
        for (FormatReader r : readers) {
            this.readers.put(r.format(), r);
        }
    }

    public FormatDetector detector() {
        return detector;
    }

    static final String LONE_SIDECAR_DETAIL = "a .json file alone: a sidecar whose document was not beside it in the drop"
            + " (a sidecar is never a file of its own); once its document has come (alone, METADATA_MISSING), requeue both";

    /** Said of a ClinicalDocument written without its namespace (round 29: "detected application/xml" told nothing). */
    static final String WITHOUT_NAMESPACE_DETAIL = "a ClinicalDocument without the HL7 v3 namespace"
            + " (xmlns=\"urn:hl7-org:v3\" on its root): not read as a CDA";

    /** A root {@code <ClinicalDocument>} in the first bytes and no HL7 v3 namespace there. */
    static boolean withoutCdaNamespace(byte[] head) {
        String start = new String(head, 0, Math.min(head.length, 4096), java.nio.charset.StandardCharsets.ISO_8859_1);
        int root = start.indexOf("<ClinicalDocument");
        if (root < 0) {
            return false;
        }
        int end = start.indexOf('>', root);
        String tag = start.substring(root, end < 0 ? start.length() : end);
        return !tag.contains("urn:hl7-org:v3");
    }

    /** Reads an input the feed accepts; anything else is a single FORMAT_UNSUPPORTED item. */
    public List<ReadItem> read(InputFile input, Set<SourceFormat> accepted, ReadContext context) {
        Recognition r = recognise(input.bytes(), accepted);
        if (r.refusal() != null) {
            if (r.refusal().rejection().reason() == ReasonCode.FORMAT_UNSUPPORTED && input.name() != null
                    && input.name().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
                // a sidecar whose document was not beside it: said so, not "detected text/plain" (round 32, a tester)
                return List.of(new Unreadable(0, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, LONE_SIDECAR_DETAIL)));
            }
            return List.of(r.refusal());
        }
        return r.reader().read(input, context);
    }

    /** The format of an input and its reader, or why it is not read. */
    public record Recognition(SourceFormat format, FormatReader reader, Unreadable refusal) {
    }

    /**
     * Recognises an input from its first bytes (all of them, or the head of a large file: detection
     * looks at the start only) and checks that the feed accepts it.
     */
    public Recognition recognise(byte[] head, Set<SourceFormat> accepted) {
        if (fr.dmp.ingest.intake.SealedFile.isSealed(head)) {
            return refused(new Unreadable(0, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, KEPT_SEAL_DETAIL)));
        }
        MediaType type = detector.detect(head);
        Optional<SourceFormat> format = FormatDetector.formatOf(type);
        if (format.isEmpty()) {
            if (SELF_PRESENTING.equals(type.getBaseType()) && FormatDetector.holdsClinicalDocument(head)) {
                return refused(new Unreadable(0, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, SELF_PRESENTING_DETAIL)));
            }
            if (TextCharsets.utf16ClinicalDocument(head)) {
                // a DOCTYPE is named as what it is, whatever the encoding: "declare UTF-16 or save as UTF-8" told an operator
                // to have an attack re-encoded (round 36, a tester: an external entity in UTF-16LE without a byte order mark)
                boolean doctype = new String(withoutZeroBytes(head), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .toUpperCase(java.util.Locale.ROOT).contains("<!DOCTYPE");
                return refused(new Unreadable(0, doctype ? Rejection.of(ReasonCode.UNSAFE_CONTENT, "XML declares entities")
                        : Rejection.of(ReasonCode.ENCODING_INVALID, TextCharsets.UTF16_XML_DETAIL)));
            }
            return refused(new Unreadable(0, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, TextCharsets.looksUtf16(head)
                    ? TextCharsets.UTF16_DETAIL : withoutCdaNamespace(head) ? WITHOUT_NAMESPACE_DETAIL
                    : "detected " + type.getBaseType() + ", not a format dmp-ingest reads")));
        }
        if (!accepted.contains(format.get())) {
            return refused(new Unreadable(0, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED,
                    "detected " + format.get().key() + ", which this feed does not accept")));
        }
        FormatReader reader = readers.get(format.get());
        if (reader == null) {
            return refused(new Unreadable(0, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED,
                    "no reader for " + format.get().key() + " yet")));
        }
        return new Recognition(format.get(), reader, null);
    }

    /** A file kept sealed in a quarantine or archive folder, copied back into a drop by hand (found by an operator tester). */
    static final String KEPT_SEAL_DETAIL = "a file dmp-ingest kept sealed (copied from a quarantine or archive folder):"
            + " put a quarantined file back with quarantine requeue, which opens it";

    private static Recognition refused(Unreadable why) {
        return new Recognition(null, null, why);
    }

    /** The bytes without their zeros: UTF-16 text of ASCII characters read as ASCII, whichever its byte order. */
    static byte[] withoutZeroBytes(byte[] head) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(head.length / 2 + 1);
        for (byte b : head) {
            if (b != 0) {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
