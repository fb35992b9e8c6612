package fr.dmp.ingest.cli;

import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.job.IngestFailure;
import fr.dmp.ingest.job.IngestRunner;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ingest --feed NAME|all [--inbox DIR] [--report FILE] [--manifest FILE]}: runs the ingest job. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Ingests the complete files of a feed's drop folder into the store.")
public final class IngestCommand implements Callable<Integer> {

    @Option(names = "--feed", required = true, description = "feed name (a file jobs/<name>.yml), or 'all'")
    String feed;

    @Option(names = "--inbox", description = "drop folder to read instead of the feed's")
    Path inbox;

    @Option(names = "--report", description = "report file (with --feed all: a folder, one <feed>.json per feed)")
    Path report;

    @Option(names = "--quiet-period", description = "override the feed's quiet period (e.g. 0s, 5s, 2m)")
    String quietPeriod;

    @Option(names = "--manifest", description = "a legacy export's manifest (CSV): kept, then every run of the feed is reconciled with it")
    Path manifest;

    @Unmatched
    List<String> springArguments = new ArrayList<>();

    @Override
    public Integer call() {
        Duration quiet = null;
        if (quietPeriod != null) {
            quiet = FeedFiles.parseDuration(quietPeriod).orElse(null);
            if (quiet == null) {
                System.err.println("dmp-ingest: --quiet-period must be a duration such as 5s (got '" + quietPeriod + "')");
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
        ConfigurableApplicationContext context = SpringContext.start(springArguments);
        if (context == null) {
            return Cli.EXIT_CANNOT_RUN;
        }
        try (context) {
            IngestRunner runner = context.getBean(IngestRunner.class);
            List<String> feeds = runner.feedNames(feed);
            boolean many = feeds.size() > 1 || "all".equals(feed);
            int exit = 0;
            for (String name : feeds) {
                Path reportFile = report == null ? null : many ? report.resolve(name + ".json") : report;
                try {
                    IngestRunner.Result r = runner.runMigration(name, new IngestRunner.Options(inbox, null, reportFile, quiet), manifest);
                    System.out.println(r.report().summary());
                    if (r.reconciliation() != null) {
                        System.out.println(r.reconciliation().summary());
                    }
                } catch (IngestFailure e) {
                    System.err.println("dmp-ingest: " + e.getMessage());
                    exit = Cli.EXIT_CANNOT_RUN;
                }
            }
            return exit;
        } catch (IngestFailure e) {
            System.err.println("dmp-ingest: " + e.getMessage());
            return Cli.EXIT_CANNOT_RUN;
        }
    }

}
