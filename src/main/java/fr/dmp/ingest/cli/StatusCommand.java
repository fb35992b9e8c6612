package fr.dmp.ingest.cli;

import fr.dmp.ingest.feed.FeedConfigException;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.ops.FeedStatus;
import fr.dmp.ingest.store.OperatorQueries;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code status [--feed F]}: per feed, the last run, what waits in the drop and why, claims, STARTED jobs, quarantine. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Per feed: last run, files waiting in the drop and why, files in claim, jobs left STARTED, open quarantine by reason.")
public final class StatusCommand implements Callable<Integer> {

    @Option(names = "--feed", defaultValue = "all", description = "one feed, or 'all' (default)")
    String feed;

    @Unmatched
    List<String> springArguments = new ArrayList<>();

    @Override
    public Integer call() {
        // a run holding the embedded store lets status read through it
        ConfigurableApplicationContext context = SpringContext.startExistingReadingRun(springArguments);
        if (context == null) {
            return SpringContext.lastStartExit();
        }
        try (context) {
            FeedFiles feeds = context.getBean(FeedFiles.class);
            FeedStatus status = new FeedStatus(new OperatorQueries(context.getBean(JdbcTemplate.class)), context.getBean(Clock.class));
            List<String> names;
            Map<String, String> refused;
            try {
                if ("all".equals(feed)) {
                    FeedFiles.Listing listing = feeds.listing();
                    names = listing.feeds();
                    refused = listing.refused();
                } else {
                    feeds.load(feed);
                    names = List.of(feed);
                    refused = Map.of();
                }
            } catch (FeedConfigException e) {
                System.err.println("dmp-ingest: " + Feeds.unknownFeedLine(feeds, feed, e));
                return Cli.EXIT_CONFIGURATION;
            }
            for (String name : names) {
                status.lines(status.of(feeds.load(name))).forEach(System.out::println);
            }
            refused.forEach((name, why) -> System.err.println("dmp-ingest: feed " + name + " refused: " + why));
            return refused.isEmpty() ? 0 : Cli.EXIT_CONFIGURATION;
        }
    }
}
