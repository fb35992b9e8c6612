package fr.dmp.ingest.cli;

import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.feed.FeedConfigException;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.job.IngestFailure;
import fr.dmp.ingest.job.IngestJobFactory;
import fr.dmp.ingest.job.IngestRunner;
import fr.dmp.ingest.ops.FeedStatus;
import fr.dmp.ingest.report.RunReport;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ingest --feed NAME|all [--inbox DIR] [--report FILE] [--manifest FILE]}: runs the ingest job. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Ingests the complete files of a feed's drop folder into the store.")
public final class IngestCommand implements Callable<Integer> {

    @Option(names = "--feed", required = true, description = "feed name (a file jobs/<name>.yml), or 'all'")
    String feed;

    @Option(names = "--inbox", description = "drop folder to read instead of the feed's")
    Path inbox;

    @Option(names = "--report", description = "report file (a folder: one <feed>.json per feed, always so with --feed all)")
    Path report;

    @Option(names = "--quiet-period", description = "override the feed's quiet period (e.g. 0s, 5s, 2m)")
    String quietPeriod;

    @Option(names = "--manifest", description = "a legacy export's manifest (CSV): kept, then every run of the feed is reconciled with it")
    Path manifest;

    @Option(names = "--remote", description = "run as the manager: the partitions go through the broker (spring.rabbitmq.*) to"
            + " workers ('worker' command) sharing this PostgreSQL server and the feed's folders")
    boolean remote;

    @Unmatched
    List<String> springArguments = new ArrayList<>();

    @Override
    public Integer call() {
        Duration quiet = null;
        if (quietPeriod != null) {
            quiet = FeedFiles.parseDuration(quietPeriod).orElse(null);
            if (quiet == null) {
                System.err.println("dmp-ingest: --quiet-period must be a duration such as 5s (got '" + fr.dmp.ingest.domain.Printable.of(quietPeriod) + "')");
                return Cli.EXIT_USAGE;
            }
        }
        if (inbox != null && "all".equals(feed)) {
            System.err.println("dmp-ingest: --inbox applies to one feed, not to --feed all");
            return Cli.EXIT_USAGE;
        }
        if (manifest != null && "all".equals(feed)) {
            System.err.println("dmp-ingest: --manifest applies to one feed, not to --feed all");
            return Cli.EXIT_USAGE;
        }
        if (report != null) {
            // told before any run (found by a helper: a single feed's --report naming a folder failed after its
            // job had stored the files, exit 1 with the exception's class only)
            if ("all".equals(feed) && Files.exists(report) && !Files.isDirectory(report)) {
                System.err.println("dmp-ingest: --report with --feed all is a folder (one <feed>.json each); " + report + " is a file");
                return Cli.EXIT_USAGE;
            }
            Path parent = report.toAbsolutePath().getParent();
            if (!"all".equals(feed) && !Files.isDirectory(report) && parent != null && !Files.isDirectory(parent)) {
                System.err.println("dmp-ingest: --report " + report + ": folder " + parent + " does not exist");
                return Cli.EXIT_USAGE;
            }
            // round 26 (a tester): --report var/keys/content.keys replaced the content key with the run's report, and
            // a feed file was overwritten the same way; only an earlier run's report is replaced
            if (Files.isSymbolicLink(report) || Files.exists(report) && !Files.isDirectory(report) && !isRunReport(report)) {
                System.err.println("dmp-ingest: --report " + report + " exists and is no dmp-ingest run report: not overwritten");
                return Cli.EXIT_USAGE;
            }
            // round 28, an operator: --report naming a dated report of the reports folder replaced another run's only
            // record and its audit anchor (audit --verify then held with one anchor fewer)
            if (Files.exists(report) && !Files.isDirectory(report) && DATED_REPORT.matcher(report.getFileName().toString()).matches()) {
                System.err.println("dmp-ingest: --report " + report + " is a dated run report (a run's record and audit"
                        + " anchor): not overwritten; name another file");
                return Cli.EXIT_USAGE;
            }
            // a folder it cannot write in is told now, not after the run stored its files (found by an operator tester)
            Path folder = Files.isDirectory(report) ? report.toAbsolutePath() : parent;
            if (folder != null && Files.isDirectory(folder) && !canCreateIn(folder)) {
                System.err.println("dmp-ingest: --report " + report + ": cannot write in " + folder);
                return Cli.EXIT_USAGE;
            }
        }
        Path jobs = EarlyJobsFolder.of(springArguments, System.getenv());
        if (!"all".equals(feed)) {
            // an unknown or malformed feed is refused (exit 3, configuration) before Spring and the database start (issue 17, 19)
            if (jobs != null) {
                FeedFiles early = new FeedFiles(jobs);
                try {
                    early.load(feed);
                } catch (FeedConfigException e) {
                    System.err.println("dmp-ingest: " + Feeds.unknownFeedLine(early, feed, e));
                    return Cli.EXIT_CONFIGURATION;
                }
                if (report != null && early.writeProblem(report) != null) {
                    System.err.println("dmp-ingest: --report " + report + " " + early.writeProblem(report));
                    return Cli.EXIT_USAGE;
                }
                if (inbox != null) {
                    try {
                        early.loadWithInbox(feed, inbox);
                    } catch (FeedConfigException e) {
                        System.err.println("dmp-ingest: " + e.getMessage());
                        return Cli.EXIT_USAGE;
                    }
                }
            }
        }
        if (remote) {
            String refused = WorkerCommand.needsServer(springArguments, "ingest --remote");
            if (refused != null) {
                System.err.println("dmp-ingest: " + refused);
                return Cli.EXIT_CONFIGURATION;
            }
            springArguments.add("--dmp.remote.role=manager");
        }
        // a remote run's manager reads no file but a streamed large one: the workers parse and classify (issue 20)
        boolean work = !remote && (inbox != null || EarlyJobsFolder.mayHaveWork(jobs, feed));
        ConfigurableApplicationContext context = SpringContext.start(springArguments, work);
        if (context == null) {
            return SpringContext.lastStartExit();
        }
        try (context) {
            IngestRunner runner = context.getBean(IngestRunner.class);
            FeedFiles feedFiles = context.getBean(FeedFiles.class);
            Clock clock = context.getBean(Clock.class);
            boolean many = "all".equals(feed);
            List<String> feeds;
            Map<String, String> refused;
            try {
                if (many) {
                    FeedFiles.Listing listing = feedFiles.listing();
                    feeds = listing.feeds();
                    refused = listing.refused();
                } else {
                    feedFiles.load(feed);
                    if (inbox != null) {
                        try {
                            feedFiles.loadWithInbox(feed, inbox); // the folder given instead is held to the same rules
                        } catch (FeedConfigException e) {
                            System.err.println("dmp-ingest: " + e.getMessage());
                            return Cli.EXIT_USAGE;
                        }
                    }
                    feeds = List.of(feed);
                    refused = Map.of();
                }
            } catch (FeedConfigException e) {
                System.err.println("dmp-ingest: " + Feeds.unknownFeedLine(feedFiles, feed, e));
                return Cli.EXIT_CONFIGURATION;
            }
            // a malformed feed file refuses that feed alone, with its line; the others run (issue 17)
            refused.forEach((name, why) -> System.err.println("dmp-ingest: feed " + name + " refused: " + why));
            Stop stop = Stop.install(context);
            int failed = refused.size();
            int lastExit = refused.isEmpty() ? 0 : Cli.EXIT_CONFIGURATION;
            for (String name : feeds) {
                if (stop.signal() != null) {
                    break;
                }
                // a folder given for one feed holds <feed>.json, as with --feed all
                Path reportFile = report == null ? null : many || Files.isDirectory(report) ? report.resolve(name + ".json") : report;
                if (reportFile != null && feedFiles.writeProblem(reportFile) != null) {
                    System.err.println("dmp-ingest: --report " + reportFile + " " + feedFiles.writeProblem(reportFile)
                            + "; feed " + name + " not run");
                    failed++;
                    lastExit = Cli.EXIT_USAGE;
                    continue;
                }
                if (reportFile != null && (Files.isSymbolicLink(reportFile) || Files.exists(reportFile) && !isRunReport(reportFile))) {
                    // a folder's <feed>.json is held to the rule of a named file (round 26 review): before the feed runs
                    System.err.println("dmp-ingest: --report " + reportFile + " exists and is no dmp-ingest run report: not"
                            + " overwritten; feed " + name + " not run");
                    failed++;
                    lastExit = Cli.EXIT_USAGE;
                    continue;
                }
                String takenBy = "the next run";
                try {
                    if (manifest == null && report == null && runner.nothingToDo(name, new IngestRunner.Options(inbox, null, reportFile, quiet))) {
                        System.out.println("feed " + name + ": nothing in the drop nor in claim, no job run");
                        continue;
                    }
                    IngestRunner.Result r;
                    try (ProgressLine bar = ProgressLine.forFeed(new fr.dmp.ingest.ops.RunProgress(
                            new fr.dmp.ingest.store.OperatorQueries(context.getBean(org.springframework.jdbc.core.JdbcTemplate.class)),
                            clock), name)) {
                        r = runner.runMigration(name, new IngestRunner.Options(inbox, null, reportFile, quiet), manifest, remote);
                    }
                    r.late().forEach(late -> System.out.println(late.summary() + " (" + late.status().replace('_', ' ').toLowerCase(java.util.Locale.ROOT)
                            + ": counted in the store, its report written now)"));
                    System.out.println(r.report().summary());
                    if (r.reconciliation() != null) {
                        System.out.println(r.reconciliation().summary());
                    }
                } catch (IngestFailure e) {
                    if (stop.signal() != null) {
                        break;
                    }
                    System.err.println("dmp-ingest: " + e.getMessage());
                    failed++;
                    lastExit = e instanceof IngestFailure.Busy ? Cli.EXIT_BUSY
                            : e instanceof IngestFailure.Configuration ? Cli.EXIT_CONFIGURATION : Cli.EXIT_CANNOT_RUN;
                    if (e instanceof IngestFailure.Busy) {
                        takenBy = "the run in progress"; // "ready for the next run" misled (round 32, a tester)
                    }
                }
                printWaiting(feedFiles, name, quiet, clock, takenBy);
                if (stop.signal() != null) {
                    break;
                }
            }
            if (stop.signal() != null) {
                return stop.report(feedFiles, feeds);
            }
            stop.uninstall();
            if (failed == 0) {
                return 0;
            }
            return many && failed < feeds.size() + refused.size() ? Cli.EXIT_SOME_FEEDS_FAILED : lastExit;
        } catch (IngestFailure e) {
            System.err.println("dmp-ingest: " + e.getMessage());
            return Cli.EXIT_CANNOT_RUN;
        }
    }

    /** The name the reports folder gives each run's report: {@code <feed>-<UTC start>-<job execution>.json}. */
    static final java.util.regex.Pattern DATED_REPORT = java.util.regex.Pattern.compile(".+-\\d{8}T\\d{6}Z-\\d+\\.json");

    /** Whether the file is a run report this program wrote (a JSON object naming its job execution and feed). */
    static boolean isRunReport(Path file) {
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8).stripLeading();
            return head.startsWith("{") && head.contains("\"jobExecutionId\"") && head.contains("\"feed\"");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The end of every run says what it left in the drop, and why (a run that took 0 files while files wait). */
    private void printWaiting(FeedFiles feedFiles, String name, Duration quiet, Clock clock, String takenBy) {
        try {
            Feed f = feedFiles.load(name);
            if (inbox != null) {
                f = f.withDrop(inbox);
            }
            if (quiet != null) {
                f = f.withQuietPeriod(quiet);
            }
            if (java.nio.file.Files.isDirectory(f.drop())) { // a missing drop was the run's own line: not "no file waiting"
                System.out.println("feed " + name + ": " + FeedStatus.waitingLine(FeedStatus.waiting(f, clock), clock.instant(), takenBy));
            }
        } catch (RuntimeException e) {
            // the run's own line said what went wrong
        }
    }

    /**
     * SIGINT / SIGTERM during a run: the job is asked to stop (Spring Batch finishes the chunk in hand and
     * commits it), the claimed files not yet decided stay claimed for the next run, which finishes them.
     */
    static final class Stop {
        private final ConfigurableApplicationContext context;
        private volatile String signal;
        private final List<sun.misc.Signal> installed = new ArrayList<>();
        private final List<sun.misc.SignalHandler> previous = new ArrayList<>();

        private Stop(ConfigurableApplicationContext context) {
            this.context = context;
        }

        static Stop install(ConfigurableApplicationContext context) {
            Stop stop = new Stop(context);
            for (String name : List.of("INT", "TERM")) {
                try {
                    sun.misc.Signal s = new sun.misc.Signal(name);
                    stop.previous.add(sun.misc.Signal.handle(s, stop::handle));
                    stop.installed.add(s);
                } catch (IllegalArgumentException e) {
                    // a signal this platform does not give: the default handling stays
                }
            }
            return stop;
        }

        String signal() {
            return signal;
        }

        private void handle(sun.misc.Signal s) {
            if (signal != null) {
                return; // a second signal while stopping changes nothing: the chunk in hand still ends
            }
            signal = s.getName();
            System.err.println("dmp-ingest: SIG" + signal + " received: finishing the current chunk, then stopping");
            try {
                JobRepository repository = context.getBean(JobRepository.class);
                JobOperator operator = context.getBean(JobOperator.class);
                for (JobExecution e : repository.findRunningJobExecutions(IngestJobFactory.JOB_NAME)) {
                    operator.stop(e);
                }
            } catch (Exception e) {
                System.err.println("dmp-ingest: could not ask the job to stop (" + e.getClass().getSimpleName() + ")");
            }
        }

        int report(FeedFiles feedFiles, List<String> feeds) {
            long claimed = 0;
            for (String name : feeds) {
                try {
                    claimed += Math.max(0, FeedStatus.claimed(feedFiles.load(name)));
                } catch (RuntimeException ignored) {
                    // counted for the feeds that load
                }
            }
            System.err.println("dmp-ingest: stopped by SIG" + signal + "; " + claimed
                    + " file(s) stay claimed, the next run finishes them");
            return "INT".equals(signal) ? Cli.EXIT_SIGINT : Cli.EXIT_SIGTERM;
        }

        void uninstall() {
            for (int i = 0; i < installed.size(); i++) {
                sun.misc.Signal.handle(installed.get(i), previous.get(i));
            }
        }
    }

    /** Whether a file can be made in {@code folder} (tried: permission bits say little to root, or on /proc). */
    private static boolean canCreateIn(Path folder) {
        try {
            Files.delete(Files.createTempFile(folder, ".dmp-report-", ".tmp"));
            return true;
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
