package fr.dmp.ingest.cli;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.format.Content;
import fr.dmp.ingest.format.DocumentMeta;
import fr.dmp.ingest.format.FormatDetector;
import fr.dmp.ingest.format.Formats;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.PatientRef;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.domain.Sha256;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.TextCharsets;
import fr.dmp.ingest.format.TypeHint;
import fr.dmp.ingest.format.Unreadable;
import fr.dmp.ingest.format.pdf.PdfText;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Reads any file the pipeline reads (PDF, CDA, HL7, HPRIM) or plain UTF-8 text, for classification
 * alone: a PDF needs no sidecar here (one beside it still gives its type hint), nothing is validated.
 */
final class Classifiable {

    private final Formats formats;
    private final ReadContext context;

    /** How long one file may take to read, as a run's {@code dmp.item-time-limit} (its default). */
    static final java.time.Duration TIME_LIMIT = java.time.Duration.ofSeconds(60);

    /** Reading threads: daemons, so that one left on a file that never ends does not keep the command from exiting. */
    private static final java.util.concurrent.ExecutorService READERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "classify-reader");
        t.setDaemon(true);
        return t;
    });

    private final java.time.Duration timeLimit;

    public Classifiable(Formats formats, ReadContext context) {
        this(formats, context, TIME_LIMIT);
    }

    Classifiable(Formats formats, ReadContext context, java.time.Duration timeLimit) {
        this.formats = formats;
        this.context = context;
        this.timeLimit = timeLimit;
    }

    /**
     * The file's items, read within {@link #TIME_LIMIT}: a PDF drawing a form a billion times kept {@code classify} busy
     * for good where a run gives it up (round 37, a tester); then {@code TOO_LARGE}, as a run says it.
     */
    public List<ReadItem> read(String name, byte[] bytes, byte[] sidecar) {
        java.util.concurrent.Future<List<ReadItem>> reading = READERS.submit(() -> readNow(name, bytes, sidecar));
        try {
            return reading.get(timeLimit.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            reading.cancel(true);
            return List.of(new Unreadable(1, Rejection.of(ReasonCode.TOO_LARGE, "reading took over " + timeLimit.toMillis() + " ms")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reading.cancel(true);
            throw new IllegalStateException("interrupted while reading a file", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // as if read here
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private List<ReadItem> readNow(String name, byte[] bytes, byte[] sidecar) {
        Optional<SourceFormat> format = FormatDetector.formatOf(formats.detector().detect(bytes));
        if (format.isPresent() && format.get() == SourceFormat.PDF && sidecar == null) {
            PdfText.Result r = PdfText.extract(bytes, context.maxBytes(), context.maxPdfPages());
            if (r instanceof PdfText.Refused refused) {
                return List.of(new Unreadable(1, refused.rejection()));
            }
            PdfText.Extracted pdf = ((PdfText.Ok) r).pdf();
            return List.of(document(bytes, "application/pdf", pdf.hasTextLayer() ? pdf.text() : "", SourceFormat.PDF,
                    pdf.hasTextLayer() ? List.of() : List.of(SourceDocument.NO_TEXT_LAYER)));
        }
        if (format.isPresent()) {
            return formats.read(new InputFile(name, bytes, sidecar), EnumSet.allOf(SourceFormat.class), context);
        }
        if (bytes.length > 0 && TextCharsets.isValidUtf8(bytes, 0, bytes.length)) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (TextCharsets.firstForbiddenControl(text) < 0) {
                return List.of(document(bytes, "text/plain", text, SourceFormat.PDF, List.of()));
            }
        }
        return List.of(new Unreadable(0, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, "not a format dmp-ingest reads")));
    }

    private static SourceDocument document(byte[] bytes, String mediaType, String text, SourceFormat format, List<String> flags) {
        DocumentMeta meta = new DocumentMeta(null, null, null, null, List.<TypeHint>of(), null, null, null, List.of(),
                null, null, null, null, null);
        return new SourceDocument(1, format, mediaType, new PatientRef(List.of(), null, null), meta,
                new Content(bytes, Sha256.hex(bytes), mediaType, text), List.of(), List.of(), 0, flags);
    }
}
