package fr.dmp.ingest.job;

import fr.dmp.ingest.intake.OwnerOnly;

import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.feed.FeedConfigException;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.feed.MigrationManifest;
import fr.dmp.ingest.report.Reconciliation;
import fr.dmp.ingest.report.AuditAnchors;
import fr.dmp.ingest.report.RunReport;
import fr.dmp.ingest.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs the ingest job for one feed: checks that it can run at all, takes the feed's lock so that two
 * runs never share a drop folder, marks a run killed earlier as failed (its files are recovered by the
 * job's first step), launches, and writes the report.
 */
public final class IngestRunner {

    private static final Logger log = LoggerFactory.getLogger(IngestRunner.class);

    private final FeedFiles feeds;
    private final IngestJobFactory jobs;
    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final DataSource dataSource;
    private final IngestSettings settings;
    private final Clock clock;

    public IngestRunner(FeedFiles feeds, IngestJobFactory jobs, JobOperator jobOperator, JobRepository jobRepository,
                        DataSource dataSource, IngestSettings settings, Clock clock) {
        this.feeds = feeds;
        this.jobs = jobs;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
    }

    /** Options of one invocation that override the feed file. */
    public record Options(Path inbox, Path work, Path report, Duration quietPeriod) {
        public static Options none() {
            return new Options(null, null, null, null);
        }
    }

    /** The feeds named by {@code --feed}: one name, or {@code all} for every file in {@code jobs/}. */
    public List<String> feedNames(String feed) {
        try {
            return "all".equals(feed) ? feeds.names() : List.of(feed);
        } catch (FeedConfigException e) {
            throw new IngestFailure(e.getMessage());
        }
    }

    public RunReport run(String feedName, Options options) {
        return runMigration(feedName, options, null).report();
    }

    /**
     * A run and, when the feed has a manifest in the store, its reconciliation (else null).
     *
     * @param late reports of earlier runs of the feed counted in the store but never written, written by this run
     */
    public record Result(RunReport report, Reconciliation reconciliation, List<RunReport> late) {
    }

    /**
     * A run of a legacy migration (issue 14): {@code manifest}, when given, is read strictly and refused
     * at start if broken, then kept in the store; a feed with a manifest in the store (from this run or an
     * earlier one) is reconciled after the run, over every run.
     */
    public Result runMigration(String feedName, Options options, Path manifestFile) {
        return runMigration(feedName, options, manifestFile, false);
    }

    /** Whether {@code file} lies in {@code folder} itself (links resolved where they exist): sub-folders are never taken. */
    static boolean inside(Path file, Path folder) {
        try {
            Path f = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath().normalize();
            Path d = Files.exists(folder) ? folder.toRealPath() : folder.toAbsolutePath().normalize();
            return d.equals(f.getParent());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** @param remote the feed's partitions go to remote workers through the broker (issue 20, {@code --remote}) */
    public Result runMigration(String feedName, Options options, Path manifestFile, boolean remote) {
        Feed feed = load(feedName, options);
        MigrationManifest manifest = null;
        if (manifestFile != null) {
            if (inside(manifestFile, feed.drop())) {
                // round 13, a migration tester: a manifest in the drop folder was taken as an input, quarantined with
                // every INS it lists, and gone from the path given to --manifest
                throw new IngestFailure("feed " + feed.name() + ": the manifest is inside the drop folder " + feed.drop()
                        + ", where it would be taken as an input: put it beside the drop folder");
            }
            try {
                manifest = MigrationManifest.read(manifestFile).asDeliveredIn(feed.drop());
            } catch (FeedConfigException e) {
                throw new IngestFailure("feed " + feed.name() + ": " + e.getMessage());
            }
        }
        checkFolders(feed);
        Instant started = clock.instant();
        try (FeedLock lock = FeedLock.take(dataSource, feed.name(), settings.lockWait())) {
            recoverKilledRuns(feed.name());
            List<RunReport> late = deliverLateReports(feed.name(), options);
            MigrationReconciler migration = new MigrationReconciler(dataSource);
            if (manifest != null) {
                int reused;
                try {
                    reused = migration.keep(feed.name(), manifest);
                } catch (org.springframework.dao.DataIntegrityViolationException e) {
                    // another manifest kept meanwhile: the store's constraint still refuses, without a line to name
                    throw new IngestFailure("feed " + feed.name() + ": the manifest gives a legacy record id that an"
                            + " earlier manifest gave another file");
                }
                if (reused > 0) {
                    throw new IngestFailure("feed " + feed.name() + ": manifest line " + reused + ", field legacy_record_id:"
                            + " an earlier manifest gave it another file; give this file a new id, or list the earlier file"
                            + " under its own name");
                }
            }
            IngestJobFactory.IngestJob job = jobs.create(feed, remote);
            JobParameters parameters = new JobParametersBuilder()
                    .addString("feed", feed.name())
                    .addLong("run", System.currentTimeMillis() * 1000 + (System.nanoTime() % 1000 + 1000) % 1000)
                    .addString(ClaimTokens.PARAMETER, ClaimTokens.newRunPart(), false) // issue 17: tokens unique across databases
                    .toJobParameters();
            JobExecution execution;
            try (ProgressTable published = ProgressTable.start(dataSource, job.progress())) {
                execution = jobOperator.start(job.job(), parameters);
            }
            double seconds = Duration.between(started, clock.instant()).toMillis() / 1000.0;
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                throw new IngestFailure("feed " + feed.name() + ": job execution " + execution.getId() + " "
                        + execution.getStatus() + ": " + firstFailure(execution) + fr.dmp.ingest.store.FreeSpace.lowIn(feed.claimFolder())
                        + "; files not yet decided stay claimed or in the drop folder for the next run");
            }
            RunReport report = readReport(execution.getId(), seconds);
            Path standard = Path.of(settings.reportsFolder()).resolve(reportName(feed.name(), startOf(execution), execution.getId()));
            Path reportFile = options.report() != null ? options.report() : standard;
            Reconciliation reconciliation = migration.reconcile(feed.name(), execution.getId());
            // issue 16: the audit chain's head, anchored outside the database in the run's report (audit --verify)
            String json = AuditAnchors.addTo(report.toJson(), AuditAnchors.head(new JdbcTemplate(dataSource)));
            if (reconciliation != null) {
                Path csv = MigrationReconciler.write(reconciliation, reportFile);
                json = reconciliation.addTo(json, csv.toAbsolutePath().toString());
            }
            try {
                writeReportFile(json, reportFile);
            } catch (UncheckedIOException e) {
                // round 33, an operator: an unwritable reports folder said only "UncheckedIOException", the files stored
                throw new IngestFailure("feed " + feed.name() + ": the run's files are decided, but its report could not be"
                        + " written in " + reportFile.toAbsolutePath().getParent() + " (" + (e.getCause() == null
                        ? e.getClass().getSimpleName() : e.getCause().getClass().getSimpleName()) + "); the next run writes it"
                        + " (status: reports owed)");
            }
            alsoInReportsFolder(json, reportFile, standard);
            markDelivered(execution.getId());
            if (job.settlement().failedMoves() > 0) {
                // the disk holding the work folder is the likely cause: said, as operations.md promises (round 28)
                throw new IngestFailure("feed " + feed.name() + ": " + job.settlement().failedMoves()
                        + " decided files could not be moved; they stay claimed and the next run moves them"
                        + fr.dmp.ingest.store.FreeSpace.lowIn(feed.claimFolder()));
            }
            return new Result(report, reconciliation, late);
        } catch (SQLException e) {
            StoreException described = new StoreException("", e);
            throw new IngestFailure("database " + (described.outOfResources() ? "out of resources" : "unreachable") + described.getMessage()
                    + fr.dmp.ingest.store.FreeSpace.lowIn(feed.claimFolder()));
        } catch (IngestFailure e) {
            throw e;
        } catch (org.springframework.dao.DataAccessException | org.springframework.transaction.TransactionException e) {
            StoreException described = new StoreException("", e);
            throw new IngestFailure("feed " + feedName + ": database " + (described.outOfResources() ? "out of resources"
                    : described.isTransient() ? "unreachable" : "error")
                    + described.getMessage() + fr.dmp.ingest.store.FreeSpace.lowIn(feed.claimFolder())
                    + "; files not yet decided stay claimed or in the drop folder for the next run");
        } catch (Exception e) {
            throw new IngestFailure("feed " + feedName + ": " + e.getClass().getSimpleName() + fr.dmp.ingest.store.FreeSpace.lowIn(feed.claimFolder()));
        }
    }

    private Feed load(String feedName, Options options) {
        Feed feed;
        try {
            feed = feeds.load(feedName);
        } catch (FeedConfigException e) {
            throw new IngestFailure.Configuration(e.getMessage());
        }
        if (options.inbox() != null) {
            feed = feed.withDrop(options.inbox());
        }
        if (options.work() != null) {
            feed = feed.withWork(options.work());
        }
        if (options.quietPeriod() != null) {
            feed = feed.withQuietPeriod(options.quietPeriod());
        }
        return feed;
    }

    private static void checkFolders(Feed feed) {
        Path drop = feed.drop();
        if (Files.exists(drop) && !Files.isDirectory(drop)) {
            // round 33, an operator: a file in place of the folder was "missing or unreadable"
            throw new IngestFailure("feed " + feed.name() + ": drop folder " + drop + " is a file, not a folder");
        }
        if (!Files.isDirectory(drop) || !Files.isReadable(drop) || !Files.isExecutable(drop)) {
            throw new IngestFailure("feed " + feed.name() + ": drop folder " + drop + " is missing or unreadable");
        }
        try {
            // issue 16: what the job keeps is readable by its owner only, whatever the umask
            OwnerOnly.folder(feed.work());
            for (Path kept : List.of(feed.claimFolder(), feed.archiveFolder(), feed.quarantineFolder())) {
                OwnerOnly.folder(kept.getParent());
                OwnerOnly.folder(kept);
            }
            FileStore dropStore = Files.getFileStore(drop);
            for (Path p : List.of(feed.claimFolder(), feed.archiveFolder(), feed.quarantineFolder())) {
                if (!Objects.equals(Files.getFileStore(p), dropStore)) {
                    throw new IngestFailure("feed " + feed.name() + ": " + p + " is not on the drop folder's file system;"
                            + " set 'work' in the feed file so that files move atomically");
                }
            }
        } catch (IOException e) {
            throw new IngestFailure("feed " + feed.name() + ": cannot create work folders under " + feed.work()
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Whether a run of the feed would find nothing at all to do: its drop folder exists and is empty, its claim
     * folder (claims of a killed run, replacements waiting for their target) is empty or absent, and no job of the
     * feed was left STARTED. Such a feed runs no job and writes no report (issue 19: a nightly {@code --feed all}
     * of quiet feeds starts in seconds); anything in either folder, or a killed run, and the job runs as always.
     */
    public boolean nothingToDo(String feedName, Options options) {
        Feed feed = load(feedName, options);
        if (!Files.isDirectory(feed.drop()) || !feed.nothingWaiting()) {
            return false; // a missing drop folder is reported by the run itself
        }
        for (JobExecution e : jobRepository.findRunningJobExecutions(IngestJobFactory.JOB_NAME)) {
            if (feed.name().equals(e.getJobParameters().getString("feed"))) {
                return false;
            }
        }
        // files decided by a run that failed before its report, or a report never written (round 10 crash tester):
        // a run counts and writes them, even with nothing in the drop
        // and an events feed's events that waited for a dossier that now exists (a merge whose survivor's first document
        // came since): with nothing in the drop they were never applied until a new events file came (round 27, a tester)
        Boolean owed = new JdbcTemplate(dataSource).queryForObject("SELECT EXISTS (SELECT 1 FROM dmp.disposition"
                + " WHERE feed = ? AND reported_in IS NULL) OR EXISTS (SELECT 1 FROM dmp.run_report WHERE feed = ?"
                + " AND delivered_at IS NULL) OR EXISTS (SELECT 1 FROM dmp.dossier_event e JOIN dmp.dossier d"
                + " ON d.ins = e.ins AND d.ins_oid = e.ins_oid WHERE e.state = 'PENDING' AND e.feed = ?"
                // a masking or deletion waiting for its document applies when a document feed stores it, not here
                + " AND e.outcome IS DISTINCT FROM '" + fr.dmp.ingest.link.EventDecision.Waiting.WAITING_FOR_DOCUMENT + "')",
                Boolean.class, feed.name(), feed.name(), feed.name());
        return !Boolean.TRUE.equals(owed);
    }

    /** The job's own start (in the job repository), so that a report written late has the name it would have had. */
    private static Instant startOf(JobExecution execution) {
        java.time.LocalDateTime start = execution.getStartTime() != null ? execution.getStartTime() : execution.getCreateTime();
        return start.atZone(java.time.ZoneId.systemDefault()).toInstant();
    }

    private void markDelivered(long jobExecutionId) {
        new JdbcTemplate(dataSource).update("UPDATE dmp.run_report SET delivered_at = now() WHERE job_execution_id = ?", jobExecutionId);
    }

    /**
     * Holding the lock: the reports of earlier runs of the feed that were counted in the store but never written
     * (the database lost after the report step committed, before the job ended: round 10 crash tester). Written
     * now under the name they would have had, beside this run's report, with a line each; then marked delivered.
     * A report written but not marked (lost in between) is written again under the same name: at least once.
     */
    private List<RunReport> deliverLateReports(String feed, Options options) {
        List<RunReport> delivered = new ArrayList<>();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<java.util.Map<String, Object>> late = jdbc.queryForList("SELECT job_execution_id, report::text AS report FROM dmp.run_report"
                + " WHERE feed = ? AND delivered_at IS NULL ORDER BY job_execution_id", feed);
        Path folder = options.report() != null && options.report().toAbsolutePath().getParent() != null
                ? options.report().toAbsolutePath().getParent() : Path.of(settings.reportsFolder());
        for (java.util.Map<String, Object> row : late) {
            long id = ((Number) row.get("job_execution_id")).longValue();
            JobExecution execution = jobRepository.getJobExecution(id);
            Instant start = execution == null ? clock.instant() : startOf(execution);
            String status = execution == null ? "UNKNOWN" : execution.getStatus().name();
            RunReport report = ReportJson.parse((String) row.get("report")).withStatus(status + "_AFTER_ITS_REPORT", 0);
            writeReport(report, folder.resolve(reportName(feed, start, id)));
            alsoInReportsFolder(report.toJson(), folder.resolve(reportName(feed, start, id)),
                    Path.of(settings.reportsFolder()).resolve(reportName(feed, start, id)));
            log.warn("feed {}: job execution {} counted its files but ended {} before writing its report; written now", feed, id, status);
            markDelivered(id);
            delivered.add(report);
        }
        return delivered;
    }

    /** Holding the lock, a STARTED execution of this feed is a killed run: mark it failed (Batch 6 recover). */
    private void recoverKilledRuns(String feed) {
        for (JobExecution e : jobRepository.findRunningJobExecutions(IngestJobFactory.JOB_NAME)) {
            if (feed.equals(e.getJobParameters().getString("feed"))) {
                log.warn("feed {}: job execution {} was left {} by a killed run; recovering it", feed, e.getId(), e.getStatus());
                jobOperator.recover(e);
            }
        }
    }

    private RunReport readReport(long jobExecutionId, double seconds) throws SQLException {
        Connection c = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement ps = c.prepareStatement("SELECT report::text FROM dmp.run_report WHERE job_execution_id = ?")) {
            ps.setLong(1, jobExecutionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IngestFailure("job execution " + jobExecutionId + " completed without a report");
                }
                return ReportJson.parse(rs.getString(1)).withStatus("COMPLETED", seconds);
            }
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    /**
     * {@code <feed>-<UTC start, yyyyMMdd'T'HHmmss'Z'>-<job execution id>.json}: a new database restarts job
     * ids at 1, so the id alone would silently replace an older report (issue 17); sorts by time.
     */
    static String reportName(String feed, Instant started, long jobExecutionId) {
        return feed + "-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(started) + "-" + jobExecutionId + ".json";
    }

    /**
     * The reports folder keeps every run's report, also one written elsewhere with {@code --report}: audit --verify
     * reads the audit chain's anchors there (round 26, a tester). Its copy is a second one: a failure to write it is
     * logged, never the run's failure (the asked-for report is written).
     */
    private static void alsoInReportsFolder(String json, Path written, Path standard) {
        if (written.toAbsolutePath().normalize().equals(standard.toAbsolutePath().normalize())) {
            return;
        }
        try {
            writeReportFile(json, standard);
        } catch (UncheckedIOException e) {
            log.warn("the copy of the run report in the reports folder could not be written ({})",
                    e.getCause() == null ? e.getClass().getSimpleName() : e.getCause().getClass().getSimpleName());
        }
    }

    static void writeReport(RunReport report, Path file) {
        writeReportFile(report.toJson(), file);
    }

    /** A report (JSON, or a reconciliation CSV) written atomically, its owner's alone. */
    static void writeReportFile(String json, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent, OwnerOnly.NEW_FOLDER);
            Path tmp = OwnerOnly.file(parent.resolve(file.getFileName() + ".tmp"));
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + file, e);
        }
    }

    static String firstFailure(JobExecution execution) {
        List<Throwable> failures = new ArrayList<>(execution.getAllFailureExceptions());
        if (failures.isEmpty()) {
            return execution.getExitStatus().getExitCode();
        }
        // a step's own reason (a remote run stopped for its broker, a worker's SystemicFailure wrapped by Batch 6 in
        // FatalStepExecutionException) over the manager's generic JobExecutionException, whatever the order of the
        // execution's step set (CI once listed the manager's first)
        for (Throwable f : failures) {
            if (SafeMessages.hasOwnReason(f)) {
                return SafeMessages.describe(f);
            }
        }
        // a step's failure over the job's own "JobExecutionException", which says nothing (round 31, a tester: a drop
        // folder made read-only ended in that line alone, the reason only in the stack trace above it)
        for (Throwable f : failures) {
            if (!f.getClass().getSimpleName().equals("JobExecutionException")) {
                return SafeMessages.describe(f);
            }
        }
        return SafeMessages.describe(failures.get(0));
    }
}
