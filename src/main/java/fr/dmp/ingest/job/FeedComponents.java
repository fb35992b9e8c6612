package fr.dmp.ingest.job;

import fr.dmp.ingest.classify.DocumentClassifier;
import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.format.Formats;
import fr.dmp.ingest.link.Linker;
import fr.dmp.ingest.report.Progress;
import fr.dmp.ingest.store.ContentCipher;
import fr.dmp.ingest.store.DocumentStore;
import fr.dmp.ingest.store.RunInfo;

import java.time.Clock;
import java.util.function.LongFunction;

/**
 * How the document steps of one feed run read and store, built once per run so that the partitions,
 * the large-file step and the settling step do it alike: one {@link FileProcessor} (it holds no state
 * of a file, so the steps share it), and the {@link StoreWriter} each step gets from {@link #storeWriter()}
 * (one per step: a writer holds its step's {@link DocumentStore}).
 */
record FeedComponents(FileProcessor processor, RetryingTransaction transaction, Settlement settlement,
                      Progress progress, LongFunction<DocumentStore> stores, java.nio.file.Path drop,
                      int maxConsecutiveInternalErrors, java.util.concurrent.atomic.AtomicInteger internalErrorStreak) {

    static FeedComponents of(Feed feed, java.util.function.Supplier<Formats> formats,
                             java.util.function.Supplier<DocumentClassifier> classifier, IngestSettings settings, Clock clock,
                             ContentCipher cipher, RetryingTransaction transaction, Settlement settlement, Progress progress,
                             java.util.Map<String, fr.dmp.ingest.store.TypeAssignments.Assigned> assigned) {
        FileProcessor processor = new FileProcessor(feed, formats, () -> classifier.get().withPolicy(feed.classification()),
                FileProcessor.validatorFor(feed, clock), settings.itemTimeLimit(), assigned);
        Linker linker = new Linker(feed.dossierPolicy(), feed.senderFiness());
        LongFunction<DocumentStore> stores = jobExecutionId ->
                new DocumentStore(linker, new RunInfo(feed.name(), feed.senderFiness(), jobExecutionId, clock), cipher);
        return new FeedComponents(processor, transaction, settlement, progress, stores, feed.drop(),
                settings.maxConsecutiveInternalErrors(), new java.util.concurrent.atomic.AtomicInteger());
    }

    /** A writer for one step: stores in retried transactions, then moves the decided files. */
    StoreWriter storeWriter() {
        return new StoreWriter(transaction, settlement, progress, stores, drop, maxConsecutiveInternalErrors, internalErrorStreak);
    }
}
