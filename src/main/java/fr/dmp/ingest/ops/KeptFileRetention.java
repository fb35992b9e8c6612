package fr.dmp.ingest.ops;

import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.feed.KeptRetention;
import fr.dmp.ingest.intake.Disposer;
import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.intake.FileOutcome;
import fr.dmp.ingest.intake.KeptFileKeys;
import fr.dmp.ingest.intake.SealedFile;
import fr.dmp.ingest.store.KeptFileAccess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kept files' side of {@code purge} (issue 16, issue 15 item 1; rules.md R3, R14): per feed, the archived files
 * decided before the feed's archive retention and the quarantined ones (with their reason files) before its
 * quarantine retention are deleted, their data keys destroyed, each audited; and the kept files whose keys a
 * deletion or a purge of their documents destroyed (unreadable already) are removed. A dry run only counts.
 */
public final class KeptFileRetention {

    /** What a purge found among the kept files (claims), and deleted unless a dry run. */
    public record Summary(int archived, int quarantined, int unreadable) {
        public int total() {
            return archived + quarantined + unreadable;
        }
    }

    private final KeptFileAccess access;
    private final FeedFiles feeds;
    private final KeptFileKeys keys;

    public KeptFileRetention(KeptFileAccess access, FeedFiles feeds, KeptFileKeys keys) {
        this.access = access;
        this.feeds = feeds;
        this.keys = keys;
    }

    public Summary apply(LocalDate today, boolean dryRun) {
        int archived = 0;
        int quarantined = 0;
        int unreadable = 0;
        for (String name : feeds.listing().feeds()) {
            Feed feed = feeds.load(name);
            KeptRetention retention = feeds.retention(name);
            Disposer places = new Disposer(feed.archiveFolder(), feed.quarantineFolder(), feed.zone(), keys);
            for (Disposition d : access.decidedBefore(name, false, KeptRetention.cut(retention.archive(), today, feed.zone()))) {
                archived += delete(d, places, dryRun, "archive retention " + retention.archive() + " over on " + today) ? 1 : 0;
            }
            for (Disposition d : access.decidedBefore(name, true, KeptRetention.cut(retention.quarantine(), today, feed.zone()))) {
                quarantined += delete(d, places, dryRun, "quarantine retention " + retention.quarantine() + " over on " + today) ? 1 : 0;
            }
            for (Disposition d : access.withoutKey(name)) {
                if (sealed(places.target(d).getParent())) { // a kept file from before sealing has no key, and is not this
                    unreadable += delete(d, places, dryRun, "unreadable, their documents deleted (key destroyed)") ? 1 : 0;
                }
            }
        }
        return new Summary(archived, quarantined, unreadable);
    }

    /** Deletes a claim's token folder (and reason file), once its key is destroyed and the deletion audited. */
    private boolean delete(Disposition d, Disposer places, boolean dryRun, String why) {
        Path target = places.target(d);
        Path folder = target.getParent();
        Path reason = d.outcome() == FileOutcome.QUARANTINED ? Disposer.reasonFile(target) : null;
        boolean present = Files.exists(folder, LinkOption.NOFOLLOW_LINKS) || reason != null && Files.exists(reason, LinkOption.NOFOLLOW_LINKS);
        if (!present || dryRun) {
            return present;
        }
        access.recordDeletionAndShred(d, why);
        try {
            if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> s = Files.walk(folder)) { // walk never follows links: a kept link is deleted, not its target
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            if (reason != null) {
                Files.deleteIfExists(reason);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the kept files of claim " + d.token(), e);
        }
        return true;
    }

    private static boolean sealed(Path folder) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.toList();
            for (Path p : files) {
                if (SealedFile.header(p).isPresent()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
