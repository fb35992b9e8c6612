package fr.dmp.ingest.format;

import fr.dmp.ingest.feed.SourceFormat;
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

    /** The detected media type, {@code application/octet-stream} when nothing matched. */
    public MediaType detect(byte[] bytes) {
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
