package fr.dmp.ingest.job;

import fr.dmp.ingest.report.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
        write(false, true);
        timer.scheduleWithFixedDelay(() -> write(false, false), everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    static ProgressTable start(DataSource dataSource, Progress progress) {
        return new ProgressTable(dataSource, progress, 1000);
    }

    /** @param starting the run's first write, which also clears the remote workers' counts of the feed's last run */
    private void write(boolean finished, boolean starting) {
        Progress.Snapshot s = progress.snapshot();
        try {
            jdbc.update("INSERT INTO dmp.run_progress (feed, total, done, quarantined, started_at, updated_at, finished_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feed) DO UPDATE SET total = EXCLUDED.total,"
                    + " done = EXCLUDED.done, quarantined = EXCLUDED.quarantined, started_at = EXCLUDED.started_at,"
                    + " updated_at = EXCLUDED.updated_at, finished_at = EXCLUDED.finished_at"
                    + (starting ? ", workers_done = 0, workers_quarantined = 0" : ""),
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
            write(true, false);
        }
    }

    /**
     * A remote worker's side (issue 20, V42): adds the files it decides to its run's row, which the manager's writes
     * leave alone, in a transaction of its own once their chunk is committed (never inside it: a failed write never
     * fails a chunk). Best effort, as the manager's.
     */
    static Progress.Sink ofWorker(DataSource dataSource, PlatformTransactionManager transactionManager) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate own = new TransactionTemplate(transactionManager);
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        AtomicBoolean warned = new AtomicBoolean();
        return (feed, files, quarantined) -> {
            if (files == 0) {
                return;
            }
            try {
                own.executeWithoutResult(t -> jdbc.update("UPDATE dmp.run_progress SET workers_done = workers_done + ?,"
                        + " workers_quarantined = workers_quarantined + ? WHERE feed = ?", files, quarantined, feed));
            } catch (RuntimeException e) {
                if (warned.compareAndSet(false, true)) {
                    log.warn("feed {}: this worker's progress not published ({})", feed, e.getClass().getSimpleName());
                }
            }
        };
    }
}
