package fr.dmp.ingest.format.pdf;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.format.Content;
import fr.dmp.ingest.format.DocumentMeta;
import fr.dmp.ingest.format.FormatReader;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.domain.Sha256;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.TypeHint;
import fr.dmp.ingest.format.Unreadable;

import java.util.ArrayList;
import java.util.List;

/**
 * A PDF report or prescription dropped with its sidecar (formats.md): the identity and the metadata
 * come from the sidecar, the text from the PDF's text layer. Without a sidecar the PDF is
 * {@code METADATA_MISSING}; a scan without text layer is stored, flagged {@code NO_TEXT_LAYER}.
 */
public final class PdfReader implements FormatReader {

    public static final String MEDIA_TYPE = "application/pdf";

    @Override
    public SourceFormat format() {
        return SourceFormat.PDF;
    }

    @Override
    public List<ReadItem> read(InputFile input, ReadContext context) {
        return read(input.companion(), context, () -> PdfText.extract(input.bytes(), context.maxBytes(), context.maxPdfPages()),
                text -> new Content(input.bytes(), Sha256.hex(input.bytes()), MEDIA_TYPE, text));
    }

    /**
     * Reads a PDF too large to hold in the heap from its file: PDFBox reads it page by page, and its
     * content is streamed from the file when stored.
     */
    public List<ReadItem> readFile(java.nio.file.Path pdf, long size, String sha256, byte[] companion, ReadContext context) {
        return read(companion, context, () -> PdfText.extract(pdf, context.maxBytes(), context.maxPdfPages()),
                text -> Content.inFile(pdf, size, sha256, MEDIA_TYPE, text));
    }

    private List<ReadItem> read(byte[] companion, ReadContext context, java.util.function.Supplier<PdfText.Result> extraction,
                                java.util.function.Function<String, Content> contentOf) {
        if (companion == null) {
            return List.of(new Unreadable(1, Rejection.of(ReasonCode.METADATA_MISSING, "no sidecar <name>.json for this PDF")));
        }
        Sidecar.Parsed parsed = Sidecar.parse(companion, context.zone());
        if (parsed instanceof Sidecar.Invalid invalid) {
            return List.of(new Unreadable(1, invalid.rejection()));
        }
        Sidecar sidecar = ((Sidecar.Valid) parsed).sidecar();
        PdfText.Result result = extraction.get();
        if (result instanceof PdfText.Refused refused) {
            return List.of(new Unreadable(1, refused.rejection()));
        }
        PdfText.Extracted pdf = ((PdfText.Ok) result).pdf();
        List<TypeHint> hints = new ArrayList<>();
        if (sidecar.typeCode() != null) {
            hints.add(new TypeHint(sidecar.typeCode(), null, null, "sidecar:typeCode"));
        }
        String title = sidecar.title() != null ? sidecar.title() : pdf.title();
        DocumentMeta meta = new DocumentMeta(sidecar.documentId(), null, null, sidecar.replaces(), hints, title,
                sidecar.authorOrganisation(), sidecar.creationTime(), sidecar.confidentiality(), null, null, null, null, null);
        Content content = contentOf.apply(pdf.hasTextLayer() ? pdf.text() : "");
        List<String> flags = !pdf.hasTextLayer() ? List.of(SourceDocument.NO_TEXT_LAYER)
                : pdf.partialTextLayer() ? List.of(SourceDocument.PARTIAL_TEXT_LAYER) : List.of();
        return List.of(new SourceDocument(1, SourceFormat.PDF, "PDF", sidecar.patient(), meta, content, List.of(),
                List.of(), 0, flags));
    }
}
