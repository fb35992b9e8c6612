package fr.dmp.ingest.job;

import fr.dmp.ingest.classify.DocumentClassifier;
import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.feed.FeedKind;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.format.Formats;
import fr.dmp.ingest.format.Sidecars;
import fr.dmp.ingest.intake.ClaimedFile;
import fr.dmp.ingest.intake.Claimer;
import fr.dmp.ingest.intake.Disposer;
import fr.dmp.ingest.intake.DropFolder;
import fr.dmp.ingest.report.Progress;
import fr.dmp.ingest.store.DispositionRepository;
import fr.dmp.ingest.store.ContentCipher;
import fr.dmp.ingest.store.DossierEventStore;
import fr.dmp.ingest.store.EventFileWork;
import fr.dmp.ingest.store.RunInfo;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@code ingest} job for one feed: recover the claim folder, process the drop folder in
 * Spring Batch partitions (each a chunk-oriented step execution with its own reader), then report.
 *
 * <p>Why partitions and not a multi-threaded step: each partition reads, parses and writes on its own
 * thread, so one partition's database write overlaps the other's parsing; and each reader stays a
 * plain sequential reader. Files are split between partitions by name hash ({@link FeedPartitioner}).
 */
public final class IngestJobFactory {

    public static final String JOB_NAME = "ingest";

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final JdbcTemplate jdbc;
    private final java.util.function.Supplier<Formats> formats;
    private final java.util.function.Supplier<DocumentClassifier> classifier;
    private final IngestSettings settings;
    private final Clock clock;
    private final ContentCipher cipher;
    private final fr.dmp.ingest.feed.FeedFiles feeds;
    private final java.util.function.Supplier<RemotePartitions> remote;

    public IngestJobFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
                            Formats formats, DocumentClassifier classifier, IngestSettings settings, Clock clock,
                            ContentCipher cipher, fr.dmp.ingest.feed.FeedFiles feeds,
                            java.util.function.Supplier<RemotePartitions> remote) {
        this(jobRepository, transactionManager, jdbc, () -> formats, () -> classifier, settings, clock, cipher, feeds, remote);
    }

    /** @param formats, classifier asked for when a run reads its first file (an empty drop never builds them) */
    public IngestJobFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
                            java.util.function.Supplier<Formats> formats,
                            java.util.function.Supplier<DocumentClassifier> classifier, IngestSettings settings,
                            Clock clock, ContentCipher cipher, fr.dmp.ingest.feed.FeedFiles feeds,
                            java.util.function.Supplier<RemotePartitions> remote) {
        this.cipher = cipher;
        this.feeds = feeds;
        this.remote = remote;
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.jdbc = jdbc;
        this.formats = formats;
        this.classifier = classifier;
        this.settings = settings;
        this.clock = clock;
    }

    /** What a built job shares with its runner: progress, and the decided files whose move failed. */
    public record IngestJob(Job job, Progress progress, Settlement settlement) {
    }

    public IngestJob create(Feed feed) {
        return create(feed, false);
    }

    /** @param remoteWorkers whether the partitions go to remote workers through the broker (issue 20) */
    public IngestJob create(Feed feed, boolean remoteWorkers) {
        DropFolder drop = dropOf(feed);
        Claimer claimer = new Claimer(feed.claimFolder());
        Disposer disposer = new Disposer(feed.archiveFolder(), feed.quarantineFolder(), feed.zone(),
                new fr.dmp.ingest.store.KeptFileKeyStore(jdbc, cipher)).sealingUpTo(feed.maxFileSize()); // kept files sealed (issue 16)
        DispositionRepository dispositions = new DispositionRepository(jdbc);
        long total = drop.countEntries() + countClaimed(feed);
        Progress progress = new Progress(feed.name(), total, clock, settings.progressEvery());
        Settlement settlement = new Settlement(disposer);
        RetryingTransaction transaction = RetryingTransaction.of(jdbc, transactionManager, settings);

        Step recover = new StepBuilder("recover", jobRepository)
                .tasklet(new ClaimRecovery(feed.claimFolder(), feed.drop(), dispositions, disposer), transactionManager)
                .build();
        List<Step> work = feed.kind() == FeedKind.EVENTS
                ? eventSteps(feed, drop, claimer, transaction, settlement, progress)
                : documentSteps(feed, drop, claimer, FeedComponents.of(feed, formats, classifier, settings, clock, cipher,
                        transaction, settlement, progress, new fr.dmp.ingest.store.TypeAssignments(jdbc).forFeed(feed.name())),
                remoteWorkers, total == 0 ? 1 : settings.partitions());
        Step report = new StepBuilder("report", jobRepository)
                .tasklet(new ReportTasklet(feed.name(), dispositions, jdbc), transactionManager)
                .build();

        FlowBuilder<org.springframework.batch.core.job.builder.FlowJobBuilder> flow =
                new JobBuilder(JOB_NAME, jobRepository).start(new FlowBuilder<Flow>("recover").start(recover).build());
        for (Step step : work) {
            flow = flow.next(step);
        }
        Job job = flow.next(report).end().build();
        return new IngestJob(job, progress, settlement);
    }

    /**
     * Documents: the drop folder cut into Spring Batch partitions (issue 20), run by {@code dmp.threads} threads
     * of this JVM; then the files too large to read whole, streamed one at a time; then the replacements that
     * waited for their target.
     */
    /**
     * @param partitions local or remote partitions: one when the drop and the claim folder were empty at the start (issue 19: a
     *                   nightly run of an empty feed records one partition, not sixteen; a file dropped meanwhile is
     *                   still read by it)
     */
    private List<Step> documentSteps(Feed feed, DropFolder drop, Claimer claimer, FeedComponents components, boolean remoteWorkers,
                                     int partitions) {
        java.util.function.LongPredicate large = size -> settings.streams(size, feed.maxFileSize());
        if (remoteWorkers) {
            return List.of(managerStep(feed, partitions), largeFiles(feed, drop, claimer, components, large), settle(feed, components, large));
        }
        PartitionWork work = new PartitionWork(execution -> slot(execution, feed, drop, claimer, components, large));
        Step worker = workerStep(new StepBuilder(WORKER_STEP, jobRepository), work);
        org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler handler =
                new org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler();
        handler.setStep(worker);
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("ingest-" + feed.name() + "-");
        executor.setConcurrencyLimit(settings.threads());
        handler.setTaskExecutor(executor);
        handler.setGridSize(partitions);
        Step process = new StepBuilder("process", jobRepository)
                .partitioner(WORKER_STEP, new FeedPartitioner(feed, partitions, JarVersion.current()))
                .partitionHandler(handler)
                .build();
        return List.of(process, largeFiles(feed, drop, claimer, components, large), settle(feed, components, large));
    }

    /**
     * Remote mode: the partitions go as requests through the broker to the workers, and this step polls the
     * job repository until every partition has ended (no reply channel: a killed worker's partition is taken
     * again by another worker, as the broker gives its unacknowledged request back); see remote/PartitionRequests.
     */
    private Step managerStep(Feed feed, int partitions) {
        RemotePartitions r = remote.get();
        if (r == null) {
            throw new IllegalStateException("remote partitioning is not configured (dmp.remote.role=manager)");
        }
        return new StepBuilder("process", jobRepository)
                .partitioner(WORKER_STEP, new FeedPartitioner(feed, partitions, JarVersion.current(), cipher.keys().activeId()))
                .partitionHandler(r.handler(WORKER_STEP))
                .build();
    }

    /**
     * A remote worker's step (issue 20): runs the partitions it is sent, of any feed, each from its execution
     * context (feed, folders, share); {@code builder} is the remote-partitioning worker builder.
     */
    public Step remoteWorkerStep(StepBuilder builder) {
        RecentRuns<FeedComponents> byRun = new RecentRuns<>(16);
        PartitionWork work = new PartitionWork(execution -> {
            Feed feed = FeedPartitioner.feedOf(execution.getExecutionContext(), name -> {
                try {
                    return feeds.load(name);
                } catch (fr.dmp.ingest.feed.FeedConfigException e) {
                    throw new IngestFailure.Configuration("feed " + name + ": " + e.getMessage());
                }
            });
            DropFolder drop = dropOf(feed);
            Claimer claimer = new Claimer(feed.claimFolder());
            FeedComponents components = byRun.get(execution.getJobExecutionId() + "/" + feed.name(), k -> {
                Progress progress = new Progress(feed.name(), 0, clock, settings.progressEvery(),
                        ProgressTable.ofWorker(jdbc.getDataSource(), transactionManager));
                Settlement settlement = new Settlement(new Disposer(feed.archiveFolder(), feed.quarantineFolder(), feed.zone(),
                        new fr.dmp.ingest.store.KeptFileKeyStore(jdbc, cipher)).sealingUpTo(feed.maxFileSize())); // kept files sealed (issue 16)
                return FeedComponents.of(feed, formats, classifier, settings, clock, cipher,
                        RetryingTransaction.of(jdbc, transactionManager, settings), settlement, progress,
                        new fr.dmp.ingest.store.TypeAssignments(jdbc).forFeed(feed.name()));
            });
            PartitionWork.Slot slot = slot(execution, feed, drop, claimer, components,
                    size -> settings.streams(size, feed.maxFileSize()));
            slot.reader().attempt("a" + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 30, 1L << 35), 36)
                    .replace('n', 'x'));
            return slot;
        });
        return workerStep(builder, work);
    }

    private DropFolder dropOf(Feed feed) {
        return new DropFolder(feed.drop(), feed.quietPeriod(), clock,
                feed.formats().contains(SourceFormat.PDF) ? Sidecars::expectsSidecar : p -> false, feed.completion());
    }

    /** The name of the step that runs one partition, here or on a remote worker. */
    public static final String WORKER_STEP = "process-partition";

    /** The chunk-oriented step that runs one partition at a time per thread, its reader and writer per execution. */
    Step workerStep(StepBuilder builder, PartitionWork work) {
        return builder.<ClaimedFile, ClaimedFile>chunk(settings.chunkSize())
                .transactionManager(transactionManager)
                .reader(work)
                .writer(work)
                .build();
    }

    /** One partition execution's reader (its share, from the execution context) and writer. */
    static PartitionWork.Slot slot(StepExecution execution, Feed feed, DropFolder drop, Claimer claimer,
                                   FeedComponents components, java.util.function.LongPredicate large) {
        var context = execution.getExecutionContext();
        ClaimingReader reader = new ClaimingReader(feed.claimFolder(), drop, claimer, context.getInt(FeedPartitioner.PARTITION),
                context.getInt(FeedPartitioner.PARTITIONS), large);
        ChunkWriter writer = new ChunkWriter(components.processor(), components.storeWriter());
        reader.jobExecution(execution.getJobExecutionId());
        // the run's claim-token prefix, the same on every worker (job/ClaimTokens: job id + the run's random part)
        reader.claimTokenPrefix(ClaimTokens.prefix(execution));
        writer.jobExecution(execution.getJobExecutionId());
        return new PartitionWork.Slot(execution.getId(), reader, writer);
    }

    private Step settle(Feed feed, FeedComponents components, java.util.function.LongPredicate large) {
        return new StepBuilder("settle-deferred", jobRepository)
                .tasklet(new SettleDeferred(feed.claimFolder(), components.processor(), components.storeWriter(),
                        new DispositionRepository(jdbc), large), transactionManager)
                .build();
    }

    private Step largeFiles(Feed feed, DropFolder drop, Claimer claimer, FeedComponents components,
                            java.util.function.LongPredicate large) {
        return new StepBuilder("large-files", jobRepository)
                .tasklet(new LargeFileStep(feed, drop, claimer, components.processor(), components.storeWriter(), large,
                        (int) settings.streamWindow().toBytes(), (int) settings.maxMessageSize().toBytes()), transactionManager)
                .build();
    }

    /** Dossier events: recorded file by file (one partition: there are few), then applied in time order. */
    private List<Step> eventSteps(Feed feed, DropFolder drop, Claimer claimer, RetryingTransaction transaction,
                                  Settlement settlement, Progress progress) {
        java.util.function.LongFunction<DossierEventStore> stores = jobExecutionId ->
                new DossierEventStore(new RunInfo(feed.name(), feed.senderFiness(), jobExecutionId, clock));
        Step record = new StepBuilder("record-events", jobRepository)
                .<ClaimedFile, EventFileWork>chunk(settings.chunkSize())
                .transactionManager(transactionManager)
                .reader(new ClaimingReader(feed.claimFolder(), drop, claimer, 0, 1))
                .processor(new EventFileProcessor(feed, clock))
                .writer(new EventWriter(transaction, settlement, progress, stores))
                .build();
        Step apply = new StepBuilder("apply-events", jobRepository)
                .tasklet(new ApplyEvents(transaction, stores), transactionManager)
                .build();
        return List.of(record, apply);
    }

    private static long countClaimed(Feed feed) {
        if (!Files.isDirectory(feed.claimFolder())) {
            return 0;
        }
        try (var s = Files.list(feed.claimFolder())) {
            return s.filter(p -> !p.getFileName().toString().endsWith(".json")).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Gives a component the job execution id before its step starts (claim tokens, rows' provenance). */
    interface NeedsJobExecution extends StepExecutionListener {
        void jobExecution(long jobExecutionId);

        /** The run's claim-token prefix (job/ClaimTokens), for a component that claims files. */
        default void claimTokenPrefix(String prefix) {
        }

        @Override
        default void beforeStep(StepExecution stepExecution) {
            jobExecution(stepExecution.getJobExecutionId());
            claimTokenPrefix(ClaimTokens.prefix(stepExecution));
        }
    }
}
