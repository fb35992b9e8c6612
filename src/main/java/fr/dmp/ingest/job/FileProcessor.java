package fr.dmp.ingest.job;

import fr.dmp.ingest.classify.ClassifiedDocument;
import fr.dmp.ingest.classify.DocumentClassifier;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.domain.Verdict;
import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.format.Formats;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.Unreadable;
import fr.dmp.ingest.intake.ClaimedBytes;
import fr.dmp.ingest.intake.ClaimedFile;
import fr.dmp.ingest.intake.InputChecks;
import fr.dmp.ingest.store.FileWork;
import fr.dmp.ingest.store.ItemWork;
import fr.dmp.ingest.store.TypeAssignments;
import fr.dmp.ingest.validate.DocumentValidator;
import fr.dmp.ingest.validate.ValidatedDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ItemProcessor;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The pure part of the pipeline for one claimed file: read it safely, recognise and read its format,
 * classify and validate each item. Never throws for a bad input: every problem becomes a refusal with
 * its reason, and an unexpected exception a refusal {@code INTERNAL_ERROR} naming its class only.
 */
public final class FileProcessor implements ItemProcessor<ClaimedFile, FileWork> {

    private static final Logger log = LoggerFactory.getLogger(FileProcessor.class);

    private final Feed feed;
    // built on first use: a run whose drop is empty never loads the readers nor the content model (issue 19, start-up)
    private final Once<Formats> formats;
    private final Once<DocumentClassifier> classifier;
    private final DocumentValidator validator;
    private final ReadContext readContext;

    /** Threads that read one file each, so that a file taking too long can be given up on. */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "item-reader");
        t.setDaemon(true);
        return t;
    });

    private final Duration timeLimit;
    private final java.util.Map<String, TypeAssignments.Assigned> assigned;

    /** The processor of a feed's files: its classification policy and its identity rules. */
    public static FileProcessor forFeed(Feed feed, Formats formats, DocumentClassifier classifier, java.time.Clock clock) {
        return new FileProcessor(feed, formats, classifier.withPolicy(feed.classification()), validatorFor(feed, clock));
    }

    static DocumentValidator validatorFor(Feed feed, java.time.Clock clock) {
        return new DocumentValidator(new fr.dmp.ingest.validate.IdentityRules(feed.insMode(), feed.acceptedStatuses(),
                feed.acceptWhenAbsent(), feed.legacyNirOid()), clock, feed.senderFiness());
    }

    public FileProcessor(Feed feed, Formats formats, DocumentClassifier classifier, DocumentValidator validator) {
        this(feed, formats, classifier, validator, Duration.ofSeconds(60));
    }

    /** @param timeLimit how long one file may take to read; a hostile one never hangs the run */
    public FileProcessor(Feed feed, Formats formats, DocumentClassifier classifier, DocumentValidator validator,
                         Duration timeLimit) {
        this(feed, formats, classifier, validator, timeLimit, java.util.Map.of());
    }

    /** @param assigned the types operators gave to files of this feed refused TYPE_UNKNOWN, by SHA-256 (issue 18) */
    public FileProcessor(Feed feed, Formats formats, DocumentClassifier classifier, DocumentValidator validator,
                         Duration timeLimit, java.util.Map<String, TypeAssignments.Assigned> assigned) {
        this(feed, () -> formats, () -> classifier, validator, timeLimit, assigned);
    }

    /** The readers and the classifier (its feed's policy applied) are asked for when the first file is read. */
    FileProcessor(Feed feed, java.util.function.Supplier<Formats> formats, java.util.function.Supplier<DocumentClassifier> classifier,
                  DocumentValidator validator, Duration timeLimit, java.util.Map<String, TypeAssignments.Assigned> assigned) {
        this.assigned = java.util.Map.copyOf(assigned);
        this.timeLimit = timeLimit;
        this.feed = feed;
        this.formats = new Once<>(formats);
        this.classifier = new Once<>(classifier);
        this.validator = validator;
        this.readContext = new ReadContext(feed.defaultCharset(), feed.zone(), feed.maxDecodedSize(), feed.maxPdfPages());
    }

    @Override
    public FileWork process(ClaimedFile file) {
        return processAll(List.of(file)).get(0);
    }

    /**
     * Processes a chunk's files on a reader thread, one hand-off for the whole chunk (a hand-off per file
     * cost as much as parsing a small message). A file that takes longer than the time limit is given up
     * (TOO_LARGE): its reader thread is abandoned and the files after it go on in a new one.
     */
    public List<FileWork> processAll(List<ClaimedFile> files) {
        // a slot is written once by a reader (an abandoned one may still finish the file after the one it was given
        // up on); the time limit's refusal overrides
        AtomicReferenceArray<FileWork> out = new AtomicReferenceArray<>(files.size());
        int next = 0;
        while (next < files.size()) {
            ChunkReading reading = new ChunkReading(files, next, out);
            Future<?> work = READERS.submit(reading);
            next = await(work, reading, files);
        }
        List<FileWork> works = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            works.add(out.get(i));
        }
        return works;
    }

    /** Waits for a reading to finish, or for one of its files to run over the limit; returns where to go on. */
    private int await(Future<?> work, ChunkReading reading, List<ClaimedFile> files) {
        long poll = Math.max(1, Math.min(timeLimit.toMillis() / 4, 1000));
        while (true) {
            try {
                work.get(poll, TimeUnit.MILLISECONDS);
                return files.size();
            } catch (TimeoutException e) {
                int stuck = reading.current;
                if (System.nanoTime() - reading.startedAt > timeLimit.toNanos() && reading.current == stuck) {
                    reading.abandoned = true;
                    work.cancel(true);
                    ClaimedFile file = files.get(stuck);
                    log.warn("feed {}: claimed file {} given up after {}", feed.name(), file.token(), limit());
                    reading.out.set(stuck, refused(file, null, 0, Rejection.of(ReasonCode.TOO_LARGE, "reading took over " + limit())));
                    return stuck + 1;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reading.abandoned = true;
                work.cancel(true);
                throw new IllegalStateException("interrupted while reading a file", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("reader thread failed", e.getCause()); // readSafely catches what a file throws
            }
        }
    }

    /** Reads files in order from {@code from}, publishing which one it is on and since when. */
    private final class ChunkReading implements Runnable {
        final List<ClaimedFile> files;
        final AtomicReferenceArray<FileWork> out;
        final int from;
        volatile int current;
        volatile long startedAt;
        volatile boolean abandoned;

        ChunkReading(List<ClaimedFile> files, int from, AtomicReferenceArray<FileWork> out) {
            this.files = files;
            this.from = from;
            this.out = out;
            this.current = from;
            this.startedAt = System.nanoTime();
        }

        @Override
        public void run() {
            for (int i = from; i < files.size(); i++) {
                startedAt = System.nanoTime();
                current = i;
                FileWork w = readSafely(files.get(i));
                if (abandoned) {
                    return; // given up while it was reading: its result is no longer wanted
                }
                out.compareAndSet(i, null, w);
            }
        }
    }

    private FileWork readSafely(ClaimedFile file) {
        try {
            return read(file);
        } catch (Exception | LinkageError | StackOverflowError | OutOfMemoryError e) {
            // round 15: a class missing at run time (NoClassDefFoundError, a LinkageError) failed the feed's run on every
            // run and held its chunk's files claimed; it is this file's INTERNAL_ERROR, the others go on
            log.warn("feed {}: unexpected {} on claimed file {}", feed.name(), e.getClass().getName(), file.token());
            return refused(file, null, 0, Rejection.internalError(e));
        }
    }

    private FileWork read(ClaimedFile file) throws IOException {
        ClaimedBytes.Result result = InputChecks.read(file, feed.maxFileSize());
        if (result instanceof ClaimedBytes.Refused r) {
            return refused(file, r.sha256(), r.size(), r.rejection());
        }
        ClaimedBytes.Read read = (ClaimedBytes.Read) result;
        fr.dmp.ingest.faults.Faults.holdAfterRead(file.originalName());
        byte[] bytes = read.bytes();
        List<ReadItem> items = formats.get().read(new InputFile(file.originalName(), bytes, read.companion()), feed.formats(), readContext);
        List<ItemWork> work = new ArrayList<>(items.size());
        TypeAssignments.Assigned byOperator = assigned.get(read.sha256());
        for (ReadItem item : items) {
            work.add(toWork(item, 0, byOperator));
        }
        fr.dmp.ingest.faults.Faults.point("parse");
        return new FileWork(file, read.sha256(), bytes.length, work);
    }

    /**
     * Reads part of a streamed file (a window of its messages, or a PDF from its file), then classifies
     * and validates its items, within the time limit of one file; items are numbered from
     * {@code itemsBefore + 1}.
     */
    List<ItemWork> readPart(java.util.function.Supplier<List<ReadItem>> reading, int itemsBefore) {
        Future<List<ItemWork>> work = READERS.submit(() -> {
            List<ItemWork> out = new ArrayList<>();
            for (ReadItem item : reading.get()) {
                out.add(toWork(item, itemsBefore));
            }
            return out;
        });
        try {
            return work.get(timeLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            work.cancel(true);
            return List.of(new ItemWork.Refused(itemsBefore + 1, Rejection.of(ReasonCode.TOO_LARGE, "reading took over " + limit())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            work.cancel(true);
            throw new IllegalStateException("interrupted while reading a file", e);
        } catch (ExecutionException e) {
            return List.of(new ItemWork.Refused(itemsBefore + 1, Rejection.internalError(e.getCause())));
        }
    }

    private String limit() {
        return timeLimit.toMillis() % 1000 == 0 ? timeLimit.toSeconds() + " s" : timeLimit.toMillis() + " ms";
    }

    ReadContext readContext() {
        return readContext;
    }

    Feed feed() {
        return feed;
    }

    Formats formats() {
        return formats.get();
    }

    private ItemWork toWork(ReadItem item) {
        return toWork(item, 0);
    }

    ItemWork toWork(ReadItem item, int itemsBefore) {
        return toWork(item, itemsBefore, null);
    }

    private ItemWork toWork(ReadItem item, int itemsBefore, TypeAssignments.Assigned byOperator) {
        if (item instanceof Unreadable u) {
            return new ItemWork.Refused(itemsBefore + u.index(), u.rejection());
        }
        SourceDocument doc = (SourceDocument) item;
        try {
            Verdict<ClassifiedDocument> classified = classifier.get().classify(doc);
            if (byOperator != null && classified instanceof Verdict.Refused<ClassifiedDocument> r
                    && r.rejection().reason() == ReasonCode.TYPE_UNKNOWN) {
                classified = assignedByOperator(doc, byOperator, classified);
            }
            if (classified instanceof Verdict.Refused<ClassifiedDocument> r) {
                return new ItemWork.Refused(itemsBefore + doc.index(), r.rejection());
            }
            Verdict<ValidatedDocument> valid = validator.validate(((Verdict.Accepted<ClassifiedDocument>) classified).value());
            if (valid instanceof Verdict.Refused<ValidatedDocument> r) {
                return new ItemWork.Refused(itemsBefore + doc.index(), r.rejection());
            }
            return new ItemWork.Ready(itemsBefore + doc.index(), ((Verdict.Accepted<ValidatedDocument>) valid).value());
        } catch (RuntimeException e) {
            return new ItemWork.Refused(itemsBefore + doc.index(), Rejection.internalError(e));
        }
    }

    /** An operator's type for a document the classifier could not type (issue 18): the operator is its source. */
    private Verdict<ClassifiedDocument> assignedByOperator(SourceDocument doc, TypeAssignments.Assigned byOperator,
                                                           Verdict<ClassifiedDocument> refused) {
        return classifier.get().catalogue().type(byOperator.typeCode())
                .<Verdict<ClassifiedDocument>>map(type -> Verdict.accept(new ClassifiedDocument(doc, new fr.dmp.ingest.classify.Classification(
                        type, 1.0, "operator:" + byOperator.by(), List.of("operator:" + byOperator.by() + " assigned " + type.code())))))
                .orElse(refused);
    }

    private static FileWork refused(ClaimedFile file, String sha, long size, Rejection rejection) {
        return new FileWork(file, sha, size, List.of(new ItemWork.Refused(0, rejection)));
    }

    /** A value built once, by the first thread that needs it (the partitions share one processor). */
    private static final class Once<T> {
        private final java.util.function.Supplier<T> build;
        private volatile T value;

        Once(java.util.function.Supplier<T> build) {
            this.build = build;
        }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = java.util.Objects.requireNonNull(build.get());
                        value = v;
                    }
                }
            }
            return v;
        }
    }
}
