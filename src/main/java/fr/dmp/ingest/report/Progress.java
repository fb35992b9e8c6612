package fr.dmp.ingest.report;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of a long run, logged at most every few seconds: files done of the total seen at start, and
 * the rate. Counts only, never anything about a patient.
 */
public final class Progress {

    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    private final String feed;
    private final long total;
    private final Clock clock;
    private final Duration every;
    private final Instant started;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final AtomicLong lastLogMillis;
    private final Sink sink;

    /** Told of the files as they are counted: a remote worker adds them to its run's published progress (issue 20). */
    public interface Sink {
        void counted(String feed, int files, int quarantinedFiles);
    }

    public Progress(String feed, long total, Clock clock, Duration every) {
        this(feed, total, clock, every, (f, n, q) -> { });
    }

    public Progress(String feed, long total, Clock clock, Duration every, Sink sink) {
        this.feed = feed;
        this.total = total;
        this.clock = clock;
        this.every = every;
        this.sink = sink;
        this.started = clock.instant();
        this.lastLogMillis = new AtomicLong(started.toEpochMilli());
    }

    public void add(int files) {
        add(files, 0);
    }

    /** Files decided, of which {@code quarantinedFiles} quarantined. */
    public void add(int files, int quarantinedFiles) {
        quarantined.addAndGet(quarantinedFiles);
        sink.counted(feed, files, quarantinedFiles);
        long n = done.addAndGet(files);
        long now = clock.millis();
        long last = lastLogMillis.get();
        if (now - last >= every.toMillis() && lastLogMillis.compareAndSet(last, now)) {
            double seconds = Math.max(0.001, (now - started.toEpochMilli()) / 1000.0);
            if (total > 0) {
                log.info("feed {}: {} / {} files, {} files/s", feed, n, Math.max(n, total), Math.round(n / seconds));
            } else {
                // a remote worker knows no run's total: "1700 / 1700" read as a partition of 1,500 done (round 13)
                log.info("feed {}: {} files done so far (this process; no total known), {} files/s", feed, n, Math.round(n / seconds));
            }
        }
    }

    public long done() {
        return done.get();
    }

    /** What a reader in another process needs (issue 18, issue 17 item 6): counts and times only. */
    public record Snapshot(String feed, long total, long done, long quarantined, Instant started, Instant at) {
    }

    public Snapshot snapshot() {
        long n = done.get();
        return new Snapshot(feed, Math.max(n, total), n, quarantined.get(), started, clock.instant());
    }
}
