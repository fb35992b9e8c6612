package fr.dmp.ingest.job;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.format.Formats;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.MessageWindows;
import fr.dmp.ingest.domain.Sha256;
import fr.dmp.ingest.format.pdf.PdfReader;
import fr.dmp.ingest.intake.ClaimedBytes;
import fr.dmp.ingest.intake.ClaimedFile;
import fr.dmp.ingest.intake.Claimer;
import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.intake.DropFolder;
import fr.dmp.ingest.intake.InputChecks;
import fr.dmp.ingest.store.FileWork;
import fr.dmp.ingest.store.ItemWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * Files too large to read whole (over {@code dmp.stream-above}, within the feed's maxFileSize), one at
 * a time after the partitions: an HL7 v2 batch or an HPRIM archive by windows of whole messages, each
 * window's documents stored in a transaction of its own; a PDF from its file, its content streamed into
 * the store. The file's disposition is written once all its parts are stored, so a crash in between
 * leaves it claimed without one: the next run reads it again, and what was stored is a duplicate.
 * Other formats are not streamed: a single XML document that large is TOO_LARGE.
 */
public final class LargeFileStep implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(LargeFileStep.class);
    /** Enough of a file's start to recognise its format. */
    private static final int HEAD = 64 * 1024;
    /** A sidecar is a small JSON document. */
    private static final long MAX_SIDECAR = 1024 * 1024;

    private final Feed feed;
    private final DropFolder drop;
    private final Claimer claimer;
    private final FileProcessor processor;
    private final StoreWriter writer;
    private final LongPredicate large;
    private final int window;
    private final int maxMessage;

    public LargeFileStep(Feed feed, DropFolder drop, Claimer claimer, FileProcessor processor, StoreWriter writer,
                         LongPredicate large, int window, int maxMessage) {
        this.feed = feed;
        this.drop = drop;
        this.claimer = claimer;
        this.processor = processor;
        this.writer = writer;
        this.large = large;
        this.window = window;
        this.maxMessage = maxMessage;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        long jobExecutionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
        writer.jobExecution(jobExecutionId);
        int done = 0;
        // first what a killed run left claimed (recovery moved those it had decided), then the drop folder
        for (ClaimedFile file : leftovers()) {
            processSafely(file);
            done++;
        }
        long sequence = 0;
        String tokenPrefix = ClaimTokens.prefix(chunkContext.getStepContext().getStepExecution());
        try (DropFolder.Scan scan = drop.scan(name -> true)) {
            while (scan.hasNext()) {
                DropFolder.Candidate candidate = scan.next();
                if (!large.test(candidate.size())) {
                    continue;
                }
                Optional<ClaimedFile> claimed = claimer.claim(candidate, tokenPrefix + "L" + (++sequence));
                if (claimed.isPresent()) {
                    processSafely(claimed.get());
                    done++;
                }
            }
        }
        if (done > 0) {
            log.info("feed {}: {} large files streamed", feed.name(), done);
        }
        return RepeatStatus.FINISHED;
    }

    /** Never fails the run for one file: only a database that stays unreachable stops the step. */
    private void processSafely(ClaimedFile file) {
        try {
            try {
                process(file);
            } catch (fr.dmp.ingest.store.StoreException e) {
                if (e.isTransient() || e instanceof StoreWriter.ClaimedFileChanged) {
                    throw e; // transient: the next run reads the file again; what was stored is then a duplicate
                }
                log.warn("feed {}: claimed file {} refused by the store ({}); quarantined", feed.name(), file.token(), e.getMessage());
                refuse(file, null, 0, Rejection.internalError(e));
            } catch (IOException | RuntimeException e) {
                log.warn("feed {}: unexpected {} on claimed file {}", feed.name(), e.getClass().getName(), file.token());
                refuse(file, null, 0, Rejection.internalError(e));
            }
        } catch (StoreWriter.ClaimedFileChanged e) {
            // issue 16 (Losses 6) for files over the in-memory limit: written to while streamed; what a window stored
            // before stays (whole messages, duplicates when the file is read again), the file goes back and waits
            boolean back = fr.dmp.ingest.intake.Claimer.giveBack(file, feed.drop());
            log.info("feed {}: claimed file {} was still being written; {}", feed.name(), file.token(),
                    back ? "given back to the drop folder" : "left claimed for the next run");
        }
    }

    private Disposition process(ClaimedFile file) throws IOException {
        Optional<ClaimedBytes.Refused> unsafe = InputChecks.beforeStreaming(file, feed.maxFileSize());
        if (unsafe.isPresent()) {
            return refuse(file, unsafe.get().sha256(), unsafe.get().size(), unsafe.get().rejection());
        }
        long size = Files.size(file.path());
        byte[] head;
        try (InputStream in = open(file.path())) {
            head = in.readNBytes(HEAD);
        }
        Formats.Recognition recognition = processor.formats().recognise(head, feed.formats());
        if (recognition.refusal() != null) {
            return refuse(file, sha256(file.path()), size, recognition.refusal().rejection());
        }
        log.info("feed {}: streaming claimed file {} ({} bytes, {})", feed.name(), file.token(), size,
                recognition.format().key());
        if (recognition.format() == SourceFormat.HPRIM && fr.dmp.ingest.format.hprim.HprimFraming.isFramed(head)) {
            // a serial listener's capture is small; its frames cross the windows' message boundaries
            return refuse(file, sha256(file.path()), size, Rejection.of(ReasonCode.TOO_LARGE, size
                    + " bytes: an HPRIM file in serial STX/ETX frames over the streaming threshold is not read"));
        }
        Optional<MessageWindows.Splitter> splitter = MessageWindows.splitterOf(recognition.format());
        if (splitter.isPresent()) {
            return byWindows(file, size, recognition, splitter.get());
        }
        if (recognition.format() == SourceFormat.PDF && recognition.reader() instanceof PdfReader pdfReader) {
            return pdf(file, size, pdfReader);
        }
        return refuse(file, sha256(file.path()), size, Rejection.of(ReasonCode.TOO_LARGE, size + " bytes: a "
                + recognition.format().key() + " file over the streaming threshold is not read (only HL7 v2, HPRIM and PDF are streamed)"));
    }

    /** An HL7 v2 batch or an HPRIM archive: window after window of whole messages, each stored on its own. */
    private Disposition byWindows(ClaimedFile file, long size, Formats.Recognition recognition,
                                  MessageWindows.Splitter splitter) throws IOException {
        List<Disposition.ItemOutcome> outcomes = new ArrayList<>();
        int items = 0;
        int windows = 0;
        String sha;
        try (InputStream in = open(file.path())) {
            MessageWindows reader = new MessageWindows(in, splitter, window, maxMessage);
            try {
                for (MessageWindows.Window w = reader.next(); w != null; w = reader.next()) {
                    windows++;
                    InputFile part = new InputFile(file.originalName(), w.bytes(), null);
                    int before = items;
                    List<ItemWork> work = processor.readPart(() -> recognition.reader().read(part, processor.readContext()), before);
                    fr.dmp.ingest.faults.Faults.holdAfterRead(file.originalName());
                    items += work.size();
                    outcomes.addAll(writer.storePart(new FileWork(file, null, size, work)));
                    fr.dmp.ingest.faults.Faults.point("window");
                }
                sha = reader.sha256();
            } catch (MessageWindows.MessageTooLarge e) {
                // the rest of the file is not read: what came before is stored, the file is quarantined
                outcomes.add(Disposition.ItemOutcome.rejected(items + 1, ReasonCode.TOO_LARGE, e.getMessage()));
                sha = sha256(file.path());
            }
        }
        log.info("feed {}: claimed file {} read in {} windows, {} items", feed.name(), file.token(), windows, items);
        return writer.decide(file, sha, size, outcomes);
    }

    /** A large PDF: PDFBox reads it from its file, and its content is streamed from there into the store. */
    private Disposition pdf(ClaimedFile file, long size, PdfReader pdfReader) throws IOException {
        String sha = sha256(file.path());
        byte[] companion = null;
        if (file.hasCompanion()) {
            ClaimedBytes.Result c = ClaimedBytes.companion(file.companion(), Math.min(MAX_SIDECAR, feed.maxFileSize()));
            if (c instanceof ClaimedBytes.Refused r) {
                return refuse(file, sha, size, r.rejection());
            }
            companion = ((ClaimedBytes.Read) c).companion();
        }
        byte[] sidecar = companion;
        List<ItemWork> work = processor.readPart(() -> pdfReader.readFile(file.path(), size, sha, sidecar, processor.readContext()), 0);
        FileWork whole = new FileWork(file, sha, size, work);
        List<Disposition.ItemOutcome> outcomes = writer.storePart(whole);
        return writer.decide(file, sha, size, outcomes);
    }

    private Disposition refuse(ClaimedFile file, String sha, long size, Rejection rejection) {
        return writer.decide(file, sha, size, List.of(Disposition.ItemOutcome.rejected(0, rejection.reason(), rejection.detail())));
    }

    /** This feed's claimed main files without a disposition (recovery moved the others), of a size this step streams. */
    private List<ClaimedFile> leftovers() {
        return ClaimedFile.inFolder(feed.claimFolder(), "*").stream().filter(f -> large.test(ClaimingReader.sizeOf(f.path()))).toList();
    }

    private static InputStream open(Path path) throws IOException {
        return Files.newInputStream(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    private static String sha256(Path path) throws IOException {
        try (DigestInputStream in = new DigestInputStream(open(path), Sha256.digest())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        }
    }
}
