package fr.dmp.ingest.ops;

import fr.dmp.ingest.store.OperatorQueries;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A feed's running job as another process sees it (issue 18 Runs page, issue 17 item 6 progress line): the
 * counts the job publishes about every second (V31), with the rate and the time left worked out from them.
 * Counts only: no file, no patient.
 */
public final class RunProgress {

    /** A run that published nothing for this long is no longer running (killed: the next run recovers it). */
    static final Duration STALE = Duration.ofSeconds(30);

    private final OperatorQueries queries;
    private final Clock clock;

    public RunProgress(OperatorQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /**
     * @param rate         files per second since the run started
     * @param secondsLeft  at that rate, or -1 when it cannot be told yet
     * @param state        RUNNING, FINISHED, or SILENT (no news for {@link #STALE}: killed or stuck)
     */
    public record Live(String feed, long done, long total, long quarantined, double rate, long secondsLeft,
                       Instant startedAt, Instant updatedAt, String state) {

        public int percent() {
            return total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
        }

        /** {@code lab-results [#######-------] 1200/3000 files, 40 quarantined, 85 files/s, 21s left}. */
        public String line(int width) {
            int filled = (int) Math.round(width * percent() / 100.0);
            return String.format(Locale.ROOT, "%s [%s%s] %d/%d files, %d quarantined, %.0f files/s, %s", feed,
                    "#".repeat(filled), "-".repeat(width - filled), done, total, quarantined, rate,
                    state.equals("RUNNING") ? (secondsLeft < 0 ? "time left unknown" : FeedStatus.age(Duration.ofSeconds(secondsLeft)) + " left")
                            : state.toLowerCase(Locale.ROOT));
        }
    }

    public Optional<Live> of(String feed) {
        return queries.progress(feed).map(this::live);
    }

    Live live(OperatorQueries.Published p) {
        Instant now = clock.instant();
        Instant until = p.finishedAt() != null ? p.finishedAt() : p.updatedAt();
        double seconds = Math.max(0.001, Duration.between(p.startedAt(), until).toMillis() / 1000.0);
        double rate = p.done() / seconds;
        long left = rate <= 0 ? -1 : (long) Math.ceil((p.total() - p.done()) / rate);
        String state = p.finishedAt() != null ? "FINISHED"
                : Duration.between(p.updatedAt(), now).compareTo(STALE) > 0 ? "SILENT" : "RUNNING";
        return new Live(p.feed(), p.done(), p.total(), p.quarantined(), rate, left, p.startedAt(), p.updatedAt(), state);
    }
}
