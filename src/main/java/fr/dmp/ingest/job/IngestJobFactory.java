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
 * parallel partitions (each a restartable chunk-oriented step with its own reader), then report.
 *
 * <p>Why partitions and not a multi-threaded step: each partition reads, parses and writes on its own
 * thread, so one partition's database write overlaps the other's parsing; and each reader stays a
 * plain sequential, restartable reader. Files are split between partitions by name hash.
 */
public final class IngestJobFactory {

    public static final String JOB_NAME = "ingest";

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final JdbcTemplate jdbc;
    private final Formats formats;
    private final DocumentClassifier classifier;
    private final IngestSettings settings;
    private final Clock clock;
    private final ContentCipher cipher;

    public IngestJobFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
                            Formats formats, DocumentClassifier classifier, IngestSettings settings, Clock clock,
                            ContentCipher cipher) {
        this.cipher = cipher;
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
        DropFolder drop = new DropFolder(feed.drop(), feed.quietPeriod(), clock,
                feed.formats().contains(SourceFormat.PDF) ? Sidecars::expectsSidecar : p -> false, feed.completion());
        Claimer claimer = new Claimer(feed.claimFolder());
        Disposer disposer = new Disposer(feed.archiveFolder(), feed.quarantineFolder(), feed.zone(),
                new fr.dmp.ingest.store.KeptFileKeyStore(jdbc, cipher)); // kept files sealed (issue 16)
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
                        transaction, settlement, progress));
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
     * Documents: the drop folder split between parallel partitions, each a chunk-oriented step; then the
     * files too large to read whole, streamed one at a time; then the replacements that waited for their target.
     */
    private List<Step> documentSteps(Feed feed, DropFolder drop, Claimer claimer, FeedComponents components) {
        java.util.function.LongPredicate large = size -> settings.streams(size, feed.maxFileSize());
        List<Step> partitions = new ArrayList<>();
        int n = settings.threads();
        for (int i = 0; i < n; i++) {
            partitions.add(new StepBuilder("process-" + i, jobRepository)
                    .<ClaimedFile, ClaimedFile>chunk(settings.chunkSize())
                    .transactionManager(transactionManager)
                    .reader(new ClaimingReader(feed.claimFolder(), drop, claimer, i, n, large))
                    .writer(new ChunkWriter(components.processor(), components.storeWriter()))
                    .build());
        }
        Step settle = new StepBuilder("settle-deferred", jobRepository)
                .tasklet(new SettleDeferred(feed.claimFolder(), components.processor(), components.storeWriter()), transactionManager)
                .build();
        Step streamed = new StepBuilder("large-files", jobRepository)
                .tasklet(new LargeFileStep(feed, drop, claimer, components.processor(), components.storeWriter(), large,
                        (int) settings.streamWindow().toBytes(), (int) settings.maxMessageSize().toBytes()), transactionManager)
                .build();
        return List.of(parallel(feed, partitions), streamed, settle);
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
                .processor(new EventFileProcessor(feed))
                .writer(new EventWriter(transaction, settlement, progress, stores))
                .build();
        Step apply = new StepBuilder("apply-events", jobRepository)
                .tasklet(new ApplyEvents(transaction, stores), transactionManager)
                .build();
        return List.of(record, apply);
    }

    /** Runs steps side by side, as one step of the job. */
    private Step parallel(Feed feed, List<Step> steps) {
        List<Flow> flows = new ArrayList<>();
        for (Step s : steps) {
            flows.add(new FlowBuilder<Flow>("partition-" + flows.size()).start(s).build());
        }
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("ingest-" + feed.name() + "-");
        executor.setConcurrencyLimit(steps.size());
        Flow split = new FlowBuilder<Flow>("process").split(executor).add(flows.toArray(new Flow[0])).build();
        return new org.springframework.batch.core.step.builder.FlowStepBuilder(new StepBuilder("process", jobRepository))
                .flow(split).build();
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
