package fr.dmp.ingest.store;

import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.format.SourceDocument;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The CI-SIS formatCode of a stored document (codes.md): by the content's media type for a PDF or a
 * text body, by the type for a structured CDA ({@code classify/format-codes.csv}), none for HL7 v2 and
 * HPRIM lab reports, which are stored as received (their source format is recorded instead).
 */
public final class FormatCodes {

    static final String PDF = "urn:ihe:iti:xds-sd:pdf:2008";
    static final String TEXT = "urn:ihe:iti:xds-sd:text:2008";
    static final String UNREFERENCED = "urn:asipSante:modelesHorsProfils:2011";
    /** codes.md: the French xds-sd codes of a CDA whose body is a scan or an RTF. */
    static final Map<String, String> SCANNED_OR_RTF = Map.of("image/jpeg", "urn:ihe:iti-fr:xds-sd:jpeg:2010",
            "image/tiff", "urn:ihe:iti-fr:xds-sd:tiff:2010", "application/rtf", "urn:ihe:iti-fr:xds-sd:rtf:2010");
    private static final Map<String, String> STRUCTURED = load();

    private FormatCodes() {
    }

    private static Map<String, String> load() {
        Map<String, String> m = new HashMap<>();
        try (Reader r = new InputStreamReader(FormatCodes.class.getResourceAsStream("/classify/format-codes.csv"),
                StandardCharsets.UTF_8)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                    .setCommentMarker('#').get().parse(r)) {
                m.put(rec.get("typeCode"), rec.get("formatCode"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    public static String of(SourceDocument doc, String typeCode) {
        String media = doc.content().mediaType();
        if ("application/pdf".equals(media)) {
            return PDF;
        }
        if ("text/plain".equals(media)) {
            return TEXT;
        }
        String scanned = SCANNED_OR_RTF.get(media);
        if (scanned != null) {
            return scanned;
        }
        if (doc.format() == SourceFormat.CDA) {
            return STRUCTURED.getOrDefault(typeCode, UNREFERENCED);
        }
        return null;
    }
}
