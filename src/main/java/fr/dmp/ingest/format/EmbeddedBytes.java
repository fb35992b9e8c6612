package fr.dmp.ingest.format;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import org.apache.tika.mime.MediaType;

import java.util.Optional;
import java.util.Set;

/**
 * Checks that a document carried inside another (a CDA {@code nonXMLBody}, an HL7 ED observation) is
 * what its envelope declares, by its own bytes (magic, then Tika: {@link FormatDetector}).
 *
 * <p>A mismatch is {@code UNSAFE_CONTENT}, not {@code FORMAT_CORRUPT}: the bytes parse well as what they
 * really are, they are disguised. The declared type is the one stored and the one a viewer of the DMP
 * trusts to choose how to open the document: a PDF with JavaScript or an executable filed as
 * {@code text/plain} would pass every check made for text and reach the reader's machine as something
 * else (reasons.md: UNSAFE_CONTENT is for inputs that try to make us, or the reader, do more than read).
 */
public final class EmbeddedBytes {

    private EmbeddedBytes() {
    }

    /** Loading Tika's registry costs; one detector for every embedded body. */
    private static final class Holder {
        static final FormatDetector DETECTOR = new FormatDetector();
    }

    /** Text types a plain-text body may be detected as; HTML, XML or scripts are not plain text to a viewer. */
    private static final Set<String> PLAIN = Set.of("text/plain");

    /** What the bytes are: {@code application/pdf}, {@code text/plain}, {@code application/x-executable}... */
    public static MediaType detect(byte[] bytes) {
        return Holder.DETECTOR.detect(bytes);
    }

    public static boolean isPdf(byte[] b) {
        return b.length >= 5 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F' && b[4] == '-';
    }

    /** A body declared plain text must be plain text: not a PDF, an executable, an archive, HTML... */
    public static Optional<Rejection> checkPlainText(byte[] bytes, String where) {
        if (isPdf(bytes)) {
            return mismatch(where, "text/plain", MediaType.application("pdf"));
        }
        MediaType detected = detect(bytes);
        if (!PLAIN.contains(detected.getBaseType().toString())) {
            return mismatch(where, "text/plain", detected);
        }
        return Optional.empty();
    }

    /** A body declared PDF must start as a PDF does (PDFBox would find one behind other bytes: a polyglot). */
    public static Optional<Rejection> checkPdf(byte[] bytes, String where) {
        if (isPdf(bytes)) {
            return Optional.empty();
        }
        int header = headerAt(bytes);
        if (header > 0) {
            // detected as a PDF all the same: "declared application/pdf but its bytes are application/pdf" sent an operator
            // to security with a reason that contradicted itself (round 30, a tester on the PDF Association's "offset start")
            return Optional.of(Rejection.of(ReasonCode.UNSAFE_CONTENT, where + " declared application/pdf has " + header
                    + " bytes before its %PDF- header: an embedded PDF must start with it (what comes before may be another"
                    + " format's, a polyglot); the sender removes them"));
        }
        return mismatch(where, "application/pdf", detect(bytes));
    }

    /** Whether a %PDF- header stands at the start or within the first 1024 bytes, where readers look for it (ISO 32000 annex H). */
    public static boolean startsAsPdf(byte[] bytes) {
        return headerAt(bytes) >= 0;
    }

    private static int headerAt(byte[] b) {
        for (int i = 0; i + 5 <= Math.min(b.length, 1029); i++) {
            if (b[i] == '%' && b[i + 1] == 'P' && b[i + 2] == 'D' && b[i + 3] == 'F' && b[i + 4] == '-') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The other bodies the CI-SIS allows a non-structured CDA (codes.md: xds-sd rtf, jpeg, tiff), by their declared
     * media type, with the media type they are stored under.
     */
    public static final java.util.Map<String, String> SCANNED_OR_RTF = java.util.Map.of(
            "image/jpeg", "image/jpeg", "image/jpg", "image/jpeg", "image/tiff", "image/tiff",
            "text/rtf", "application/rtf", "application/rtf", "application/rtf");

    /** A body declared JPEG, TIFF or RTF must be one: what Tika detects in its bytes, under the stored media type. */
    public static Optional<Rejection> checkScannedOrRtf(byte[] bytes, String declared, String where) {
        String expected = SCANNED_OR_RTF.get(declared.toLowerCase(java.util.Locale.ROOT));
        MediaType detected = detect(bytes);
        return detected.getBaseType().toString().equals(expected) ? Optional.empty() : mismatch(where, declared, detected);
    }

    /**
     * A body declared XML (a CDA) must not be another known format; whether it is well-formed XML, and a
     * CDA, is for the XML reader to say ({@code FORMAT_CORRUPT} when it is not).
     */
    public static Optional<Rejection> checkXml(byte[] bytes, String where) {
        return checkXml(bytes, where, "XML");
    }

    /** As above, the refusal naming the type the sender declared. */
    public static Optional<Rejection> checkXml(byte[] bytes, String where, String declared) {
        if (isPdf(bytes)) {
            return mismatch(where, declared, MediaType.application("pdf"));
        }
        MediaType detected = detect(bytes);
        String base = detected.getBaseType().toString();
        boolean xmlOrText = base.contains("xml") || base.equals("text/plain");
        return xmlOrText ? Optional.empty() : mismatch(where, declared, detected);
    }

    /** The refusal of a body declared {@code declared} (a sender's value: bounded, printable) whose bytes are {@code detected}. */
    public static Optional<Rejection> mismatch(String where, String declared, MediaType detected) {
        String shown = declared.replaceAll("[^A-Za-z0-9/.+-]", "?");
        return Optional.of(Rejection.of(ReasonCode.UNSAFE_CONTENT, where + " declared "
                + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown) + " but its bytes are "
                + detected.getBaseType().toString().replaceAll("[^A-Za-z0-9/.+-]", "?")));
    }
}
