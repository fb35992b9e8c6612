package fr.dmp.ingest.format;

import fr.dmp.ingest.format.hprim.HprimFraming;
import fr.dmp.ingest.format.hprim.HprimMessages;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;
import org.apache.tika.mime.MimeTypesFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises an input's format from its bytes with Tika, taught HL7 v2, CDA and HPRIM by
 * {@code custom-mimetypes.xml}. The file name is never consulted: a PDF named {@code .hl7} is a PDF.
 * An HPRIM Net text report with no {@code ****} marker in its head is plain text to Tika: its 12-line
 * patient header recognises it ({@link HprimMessages#looksLikeNetHeader(byte[])}).
 */
public final class FormatDetector {

    /** Tika reads at most this much of the head for magic and XML root detection. */
    static final int HEAD_BYTES = 64 * 1024;

    private static final Map<String, SourceFormat> FORMATS = Map.of(
            "application/x-hl7-v2+er7", SourceFormat.HL7V2,
            "application/x-hl7-cda+xml", SourceFormat.CDA,
            "application/pdf", SourceFormat.PDF,
            "application/x-hprim", SourceFormat.HPRIM);

    private final MimeTypes mimeTypes = load();

    /** Tika's own registry plus ours, named explicitly so that no class loader quirk can drop ours. */
    private static MimeTypes load() {
        URL core = MimeTypes.class.getResource("tika-mimetypes.xml");
        URL custom = FormatDetector.class.getResource("/org/apache/tika/mime/custom-mimetypes.xml");
        if (core == null || custom == null) {
            throw new IllegalStateException("media type registries missing from the class path");
        }
        try {
            return MimeTypesFactory.create(core, custom);
        } catch (IOException | MimeTypeException e) {
            throw new IllegalStateException("cannot load the media type registries", e);
        }
    }

    static final MediaType HL7 = MediaType.parse("application/x-hl7-v2+er7");
    static final MediaType PDF = MediaType.application("pdf");
    static final MediaType HPRIM = MediaType.parse("application/x-hprim");

    /** The detected media type, {@code application/octet-stream} when nothing matched. */
    public MediaType detect(byte[] bytes) {
        MediaType quick = leadingMagic(bytes);
        if (quick != null) {
            return quick;
        }
        if (CdaRoot.starts(bytes)) {
            return CDA; // what Tika's root-element detection says, without its magic scan (CdaRoot)
        }
        if (HprimFraming.isFramed(bytes)) {
            // HPRIM as a serial listener wrote it, in STX/ETX frames: recognised from the text the frames carry
            byte[] carried = HprimFraming.unframeHead(bytes, Math.min(bytes.length, HEAD_BYTES));
            if (carried != bytes && HPRIM.equals(detect(carried))) {
                return HPRIM;
            }
        }
        MediaType type = tika(bytes);
        if (MediaType.TEXT_PLAIN.equals(type.getBaseType()) && HprimMessages.looksLikeNetHeader(bytes)) {
            return HPRIM;
        }
        if ((MediaType.TEXT_PLAIN.equals(type.getBaseType()) || MediaType.OCTET_STREAM.equals(type.getBaseType()))
                && startsWithClinicalDocument(bytes)) {
            return CDA;
        }
        if ((MediaType.TEXT_PLAIN.equals(type.getBaseType()) || MediaType.OCTET_STREAM.equals(type.getBaseType())
                || MAIL.equals(type.getBaseType())) && pdfHeaderOffset(bytes) > 0) {
            return PDF;
        }
        // a print channel's instruction lines before the PDF ("%%SK_APPLICATION: ...", 661 bytes) are text/x-matlab to
        // Tika, which looks for the header in 512 bytes only (round 35, a tester on Tika's own fixture): another text
        // type is a PDF only when comment lines alone come before the header (an HTML page quoting one stays HTML: a review)
        if ("text".equals(type.getType()) && commentLinesBefore(bytes, pdfHeaderOffset(bytes))) {
            return PDF;
        }
        return type;
    }

    /** A saved mail or HTTP part: its headers, then the PDF's raw bytes (an attachment sent in base64 has no %PDF- to find). */
    private static final MediaType MAIL = MediaType.parse("message/rfc822");

    /** ISO 32000-1 annex H (note 13): readers find the PDF header anywhere in the first 1024 bytes. */
    static final int PDF_HEADER_WITHIN = 1024;

    /**
     * Where the header {@code %PDF-d.d} starts in the first {@value #PDF_HEADER_WITHIN} bytes, -1 when it is not
     * there. Tika's own magic looks as far for it, but a PDF saved with its mail or HTTP part headers before it
     * (found on a real sender's file) is message/rfc822 to Tika, so was FORMAT_UNSUPPORTED; PDFBox reads past them,
     * as PDF readers do. Text or octet-stream with the header that far in are PDFs too, whatever Tika's registry
     * says. The file is stored as it came.
     */
    static int pdfHeaderOffset(byte[] b) {
        int end = Math.min(b.length, PDF_HEADER_WITHIN) - 8;
        for (int i = 0; i <= end; i++) {
            if (b[i] == '%' && b[i + 1] == 'P' && b[i + 2] == 'D' && b[i + 3] == 'F' && b[i + 4] == '-'
                    && Character.isDigit(b[i + 5]) && b[i + 6] == '.' && Character.isDigit(b[i + 7])) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the bytes before {@code offset} (over 0) are lines each starting with '%' (print instructions), or blank. */
    static boolean commentLinesBefore(byte[] b, int offset) {
        if (offset <= 0) {
            return false;
        }
        boolean lineStart = true;
        for (int i = 0; i < offset; i++) {
            byte c = b[i];
            if (c == '\r' || c == '\n') {
                lineStart = true;
            } else if (lineStart) {
                if (c != '%') {
                    return false;
                }
                lineStart = false;
            }
        }
        return true;
    }

    static final MediaType CDA = MediaType.parse("application/x-hl7-cda+xml");
    private static final java.util.regex.Pattern CDA_ROOT =
            java.util.regex.Pattern.compile("^<(?:[A-Za-z_][\\w.-]*:)?ClinicalDocument[\\s>/]");

    /** Whether the head holds a ClinicalDocument element of the HL7 v3 namespace anywhere (any prefix). */
    static boolean holdsClinicalDocument(byte[] head) {
        String text = new String(head, 0, Math.min(head.length, HEAD_BYTES), java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.contains("urn:hl7-org:v3") && java.util.regex.Pattern.compile("<([A-Za-z_][\\w.-]*:)?ClinicalDocument[\\s>]")
                .matcher(text).find();
    }

    /**
     * A CDA without an XML declaration ({@code <?xml ...?>}) is plain text to Tika, whose root-element detection
     * starts from one (found on an ANS example, CR_Radio_CDAN1_v1.XML of hl7V2-exemples: refused
     * FORMAT_UNSUPPORTED). Its first element, after a BOM, blanks, comments and processing instructions, is
     * {@code ClinicalDocument} in the HL7 v3 namespace; the CDA reader checks the rest.
     */
    static boolean startsWithClinicalDocument(byte[] bytes) {
        int n = Math.min(bytes.length, 8192);
        // XML 1.0 appendix F: UTF-16 without a byte order mark shows as 00 3C (big-endian) or 3C 00 (little-endian)
        java.nio.charset.Charset cs = java.nio.charset.StandardCharsets.ISO_8859_1;
        int from = 0;
        if (n >= 4 && (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF || bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)) {
            // UTF-16 with its byte order mark and no XML declaration, which XML 1.0 (4.3.3) allows: a .NET writer's CDA was
            // refused ENCODING_INVALID (round 33, a tester)
            cs = bytes[0] == (byte) 0xFE ? java.nio.charset.StandardCharsets.UTF_16BE : java.nio.charset.StandardCharsets.UTF_16LE;
            from = 2;
            n -= n % 2;
        } else if (n >= 4 && bytes[0] == 0 && bytes[1] == '<') {
            cs = java.nio.charset.StandardCharsets.UTF_16BE;
            n -= n % 2;
        } else if (n >= 4 && bytes[0] == '<' && bytes[1] == 0) {
            cs = java.nio.charset.StandardCharsets.UTF_16LE;
            n -= n % 2;
        }
        String head = new String(bytes, from, n - from, cs);
        if (from == 2 && head.startsWith("<?xml")) {
            // a declaration beside the mark must name UTF-16: one naming UTF-8 is refused ENCODING_INVALID (round 30)
            int end = head.indexOf("?>");
            java.util.regex.Matcher enc = java.util.regex.Pattern.compile("encoding\\s*=\\s*[\"']([^\"']*)[\"']")
                    .matcher(end < 0 ? head : head.substring(0, end));
            if (enc.find() && !enc.group(1).toUpperCase(java.util.Locale.ROOT).startsWith("UTF-16")) {
                return false;
            }
        }
        int i = head.startsWith("\u00ef\u00bb\u00bf") ? 3 : 0;
        while (i < head.length()) {
            char c = head.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (head.startsWith("<!--", i)) {
                int end = head.indexOf("-->", i + 4);
                if (end < 0) {
                    return false;
                }
                i = end + 3;
            } else if (head.startsWith("<?", i)) {
                int end = head.indexOf("?>", i + 2);
                if (end < 0) {
                    return false;
                }
                i = end + 2;
            } else {
                break;
            }
        }
        String rest = head.substring(Math.min(i, head.length()));
        if (!CDA_ROOT.matcher(rest).find()) {
            return false;
        }
        int tagEnd = rest.indexOf('>');
        return tagEnd > 0 && rest.substring(0, tagEnd).contains("urn:hl7-org:v3");
    }

    /**
     * The two magics our registry declares at offset 0 that decide alone (HL7 {@code MSH|}, {@code FHS|},
     * {@code BHS|}, after an optional BOM; PDF {@code %PDF-}): checked first, because Tika's magic scan
     * over its whole registry costs a tenth of an HL7 file's processing (measured, see the performance
     * issue). {@code FormatDetectorTest} checks that Tika answers the same for them.
     */
    static MediaType leadingMagic(byte[] b) {
        int o = b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
        if (b.length > o && b[o] == 0x0B) {
            o++; // an MLLP frame left in the file (Hl7Messages drops it)
        }
        int lines = o;
        while (lines < b.length && lines < o + BLANK_LINES_MAX && (b[lines] == '\r' || b[lines] == '\n' || b[lines] == ' '
                || b[lines] == '\t' || b[lines] == 0x0B)) {
            lines++; // blank lines before MSH (HL7 Inspector's samples, round 32): Hl7Messages skips them too
        }
        if (lines > o && lines + 3 < b.length && (b[lines] == 'M' || b[lines] == 'F' || b[lines] == 'B')
                && b[lines + 1] == (b[lines] == 'M' ? 'S' : 'H') && b[lines + 2] == (b[lines] == 'M' ? 'H' : 'S')) {
            o = lines; // then MSH, FHS or BHS, checked below as at the file's start
        }
        if (b.length >= o + 4 && b[o + 3] == '|'
                && ((b[o] == 'M' && b[o + 1] == 'S' && b[o + 2] == 'H') || (b[o] == 'F' && b[o + 1] == 'H' && b[o + 2] == 'S')
                || (b[o] == 'B' && b[o + 1] == 'H' && b[o + 2] == 'S'))) {
            return HL7;
        }
        if (otherFieldSeparator(b, o)) {
            return HL7;
        }
        if (o == 0 && b.length >= 5 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F' && b[4] == '-') {
            return PDF;
        }
        return null;
    }

    /**
     * {@code MSH} with a field separator other than {@code |}: HL7 lets MSH-1 choose it (HL7 v2.5 chapter 2, MSH-1), and HAPI reads
     * it from there; an independent writer's lab sent {@code MSH!^~\&!}. Recognised only when the four encoding
     * characters (or five, v2.7's truncation character) are punctuation and the separator comes again after them.
     */
    static boolean otherFieldSeparator(byte[] b, int o) {
        if (b.length < o + 9 || b[o] != 'M' || b[o + 1] != 'S' || b[o + 2] != 'H') {
            return false;
        }
        byte sep = b[o + 3];
        if (SEPARATORS.indexOf(sep) < 0) {
            return false;
        }
        for (int n = 4; n <= 5; n++) {
            boolean punctuation = b.length > o + 4 + n;
            for (int i = o + 4; punctuation && i < o + 4 + n; i++) {
                punctuation = SEPARATORS.indexOf(b[i]) >= 0 || b[i] == '\\';
                punctuation &= b[i] != sep;
            }
            if (punctuation && b[o + 4 + n] == sep) {
                return true;
            }
        }
        return false;
    }

    /** How many bytes of blank lines (CR, LF, blanks, an MLLP start) may come before a file's MSH, FHS or BHS (an attacker: 16 were too few). */
    private static final int BLANK_LINES_MAX = 1024;

    /** The punctuation HL7 and HPRIM senders choose their delimiters from (as the HPRIM H record's magic has it). */
    private static final String SEPARATORS = "!#$%&*+/:;@^_|~";

    /** Tika's detection over the full registry (ours included). */
    public MediaType tika(byte[] bytes) {
        int n = Math.min(bytes.length, HEAD_BYTES);
        try (ByteArrayInputStream in = new ByteArrayInputStream(bytes, 0, n)) {
            return mimeTypes.detect(in, new Metadata());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pipeline format of a detected media type, if it is one we read. */
    public static Optional<SourceFormat> formatOf(MediaType type) {
        return Optional.ofNullable(FORMATS.get(type.getBaseType().toString()));
    }
}
