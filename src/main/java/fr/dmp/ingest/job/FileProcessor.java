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
import fr.dmp.ingest.format.Sha256;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.Unreadable;
import fr.dmp.ingest.intake.ClaimedFile;
import fr.dmp.ingest.store.FileWork;
import fr.dmp.ingest.store.ItemWork;
import fr.dmp.ingest.validate.DocumentValidator;
import fr.dmp.ingest.validate.ValidatedDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ItemProcessor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The pure part of the pipeline for one claimed file: read it safely, recognise and read its format,
 * classify and validate each item. Never throws for a bad input: every problem becomes a refusal with
 * its reason, and an unexpected exception a refusal {@code INTERNAL_ERROR} naming its class only.
 */
public final class FileProcessor implements ItemProcessor<ClaimedFile, FileWork> {

    private static final Logger log = LoggerFactory.getLogger(FileProcessor.class);

    private final Feed feed;
    private final Formats formats;
    private final DocumentClassifier classifier;
    private final DocumentValidator validator;
    private final ReadContext readContext;

    /** The processor of a feed's files: its classification policy and its identity rules. */
    public static FileProcessor forFeed(Feed feed, Formats formats, DocumentClassifier classifier, java.time.Clock clock) {
        return new FileProcessor(feed, formats, classifier.withPolicy(feed.classification()), validatorFor(feed, clock));
    }

    static DocumentValidator validatorFor(Feed feed, java.time.Clock clock) {
        return new DocumentValidator(new fr.dmp.ingest.validate.IdentityRules(feed.insMode(), feed.acceptedStatuses(),
                feed.acceptWhenAbsent()), clock);
    }

    public FileProcessor(Feed feed, Formats formats, DocumentClassifier classifier, DocumentValidator validator) {
        this.feed = feed;
        this.formats = formats;
        this.classifier = classifier;
        this.validator = validator;
        this.readContext = new ReadContext(feed.defaultCharset(), feed.zone(), feed.maxDecodedSize(), feed.maxPdfPages());
    }

    @Override
    public FileWork process(ClaimedFile file) {
        try {
            return read(file);
        } catch (Exception | StackOverflowError e) {
            log.warn("feed {}: unexpected {} on claimed file {}", feed.name(), e.getClass().getName(), file.token());
            return refused(file, null, 0, Rejection.internalError(e));
        }
    }

    private FileWork read(ClaimedFile file) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
            return refused(file, null, 0, Rejection.of(ReasonCode.UNSAFE_CONTENT, "symbolic link, not followed"));
        }
        if (!attrs.isRegularFile()) {
            return refused(file, null, 0, Rejection.of(ReasonCode.UNSAFE_CONTENT, "not a regular file (FIFO, socket or device)"));
        }
        if (attrs.size() > feed.maxFileSize()) {
            return refused(file, null, attrs.size(), Rejection.of(ReasonCode.TOO_LARGE,
                    attrs.size() + " bytes, over the feed's limit of " + feed.maxFileSize()));
        }
        byte[] bytes = readBounded(file.path());
        String sha = Sha256.hex(bytes);
        if (bytes.length > feed.maxFileSize()) {
            return refused(file, sha, bytes.length, Rejection.of(ReasonCode.TOO_LARGE, "grew over the feed's limit while read"));
        }
        if (bytes.length == 0) {
            return refused(file, sha, 0, Rejection.of(ReasonCode.FORMAT_UNSUPPORTED, "empty file"));
        }
        byte[] companion = null;
        if (file.hasCompanion()) {
            BasicFileAttributes c = Files.readAttributes(file.companion(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!c.isRegularFile()) {
                return refused(file, sha, bytes.length, Rejection.of(ReasonCode.UNSAFE_CONTENT, "sidecar is not a regular file"));
            }
            if (c.size() > feed.maxFileSize()) {
                return refused(file, sha, bytes.length, Rejection.of(ReasonCode.TOO_LARGE, "sidecar over the feed's limit"));
            }
            companion = readBounded(file.companion());
        }
        List<ReadItem> read = formats.read(new InputFile(file.originalName(), bytes, companion), feed.formats(), readContext);
        List<ItemWork> items = new ArrayList<>(read.size());
        for (ReadItem item : read) {
            items.add(toWork(item));
        }
        return new FileWork(file, sha, bytes.length, items);
    }

    private ItemWork toWork(ReadItem item) {
        if (item instanceof Unreadable u) {
            return new ItemWork.Refused(u.index(), u.rejection());
        }
        SourceDocument doc = (SourceDocument) item;
        try {
            Verdict<ClassifiedDocument> classified = classifier.classify(doc);
            if (classified instanceof Verdict.Refused<ClassifiedDocument> r) {
                return new ItemWork.Refused(doc.index(), r.rejection());
            }
            Verdict<ValidatedDocument> valid = validator.validate(((Verdict.Accepted<ClassifiedDocument>) classified).value());
            if (valid instanceof Verdict.Refused<ValidatedDocument> r) {
                return new ItemWork.Refused(doc.index(), r.rejection());
            }
            return new ItemWork.Ready(doc.index(), ((Verdict.Accepted<ValidatedDocument>) valid).value());
        } catch (RuntimeException e) {
            return new ItemWork.Refused(doc.index(), Rejection.internalError(e));
        }
    }

    /** Reads at most one byte over the limit, never following a link swapped in since the check. */
    private byte[] readBounded(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, feed.maxFileSize() + 1));
        }
    }

    private static FileWork refused(ClaimedFile file, String sha, long size, Rejection rejection) {
        return new FileWork(file, sha, size, List.of(new ItemWork.Refused(0, rejection)));
    }
}
