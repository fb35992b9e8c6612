package fr.dmp.ingest.console;

import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.feed.FeedFiles;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Health of the folders (issue 18): every feed's drop and work folders exist and this process may write
 * them (the database's reachability is Spring Boot's own {@code db} indicator). Names feeds, never a file.
 */
@Component("folders")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ConsoleHealth implements HealthIndicator {

    private final FeedFiles feeds;

    ConsoleHealth(FeedFiles feeds) {
        this.feeds = feeds;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        FeedFiles.Listing listing = feeds.listing();
        for (String name : listing.feeds()) {
            Feed feed = feeds.load(name);
            String drop = state(feed.drop());
            String work = state(feed.work());
            if (!drop.equals("writable") || !work.equals("writable")) {
                health.down();
            }
            health.withDetail(name, "drop " + drop + ", work " + work);
        }
        listing.refused().keySet().forEach(name -> health.down().withDetail(name, "feed file refused"));
        return health.build();
    }

    static String state(Path folder) {
        if (!Files.isDirectory(folder)) {
            return "missing";
        }
        return Files.isWritable(folder) ? "writable" : "not writable";
    }
}
