package fr.dmp.ingest.job;

import fr.dmp.ingest.report.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a run's progress to {@code dmp.run_progress} (V31) about every second, from a thread of its own
 * (never inside a chunk's transaction), so that another process reads it: the console's Runs page and the
 * {@code ingest} progress line (issue 18, issue 17 item 6). Best effort: a failed write never stops the run.
 */
final class ProgressTable implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProgressTable.class);

    private final JdbcTemplate jdbc;
    private final Progress progress;
    private final ScheduledExecutorService timer;
    private volatile boolean warned;
    private volatile boolean lastFailed;

    private ProgressTable(DataSource dataSource, Progress progress, long everyMillis) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.progress = progress;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress-" + progress.snapshot().feed());
            t.setDaemon(true);
            return t;
        });
        write(false);
        timer.scheduleWithFixedDelay(() -> write(false), everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    static ProgressTable start(DataSource dataSource, Progress progress) {
        return new ProgressTable(dataSource, progress, 1000);
    }

    private void write(boolean finished) {
        Progress.Snapshot s = progress.snapshot();
        try {
            jdbc.update("INSERT INTO dmp.run_progress (feed, total, done, quarantined, started_at, updated_at, finished_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feed) DO UPDATE SET total = EXCLUDED.total,"
                    + " done = EXCLUDED.done, quarantined = EXCLUDED.quarantined, started_at = EXCLUDED.started_at,"
                    + " updated_at = EXCLUDED.updated_at, finished_at = EXCLUDED.finished_at",
                    s.feed(), s.total(), s.done(), s.quarantined(), Timestamp.from(s.started()), Timestamp.from(s.at()),
                    finished ? Timestamp.from(s.at()) : null);
            lastFailed = false;
        } catch (RuntimeException e) {
            lastFailed = true;
            if (!warned) { // the store may be down: the run says so itself, the progress row is only a view
                warned = true;
                log.warn("feed {}: progress not published ({})", s.feed(), e.getClass().getSimpleName());
            }
        }
    }

    /** The last write marks the run finished, so a reader stops showing it as running. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!lastFailed) { // a store that is down does not hold the end of the run a connection timeout longer
            write(true);
        }
    }
}
