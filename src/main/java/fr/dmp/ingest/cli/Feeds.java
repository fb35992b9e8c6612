package fr.dmp.ingest.cli;

import fr.dmp.ingest.feed.FeedConfigException;
import fr.dmp.ingest.feed.FeedFiles;

import java.nio.file.Files;

/** The line for a feed the command cannot use: an unknown feed lists the known ones. */
final class Feeds {

    private Feeds() {
    }

    static String unknownFeedLine(FeedFiles feeds, String name, FeedConfigException e) {
        if (!"all".equals(name) && Files.isDirectory(feeds.folder()) && !Files.exists(feeds.folder().resolve(name + ".yml"))) {
            try {
                FeedFiles.Listing listing = feeds.listing();
                java.util.List<String> known = new java.util.ArrayList<>(listing.feeds());
                known.addAll(listing.refused().keySet());
                return "unknown feed '" + fr.dmp.ingest.domain.Printable.of(name) + "'; the feeds of " + feeds.folder() + " are: "
                        + String.join(", ", known.stream().sorted().toList());
            } catch (FeedConfigException ignored) {
                // fall through to the loader's own line
            }
        }
        return e.getMessage();
    }
}
