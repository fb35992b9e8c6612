package fr.dmp.ingest.console;

import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.ops.RunProgress;
import fr.dmp.ingest.store.OperatorQueries;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The store's counts for Prometheus (issue 18), read every 10 s ({@code dmp.console.metrics-refresh}): files stored, duplicated and
 * quarantined per feed (and reason), the last run's duration and throughput, files waiting in each drop
 * folder, a running job's progress. Counts only: no file name, no patient.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ConsoleMetrics implements MeterBinder, org.springframework.beans.factory.DisposableBean {


    private final OperatorQueries queries;
    private final FeedFiles feeds;
    private final RunProgress progress;
    private MultiGauge files;
    private MultiGauge runSeconds;
    private MultiGauge runRate;
    private MultiGauge waiting;
    private MultiGauge running;
    private volatile long refreshedAt;
    private final long refreshMillis;

    ConsoleMetrics(OperatorQueries queries, FeedFiles feeds, RunProgress progress,
                   @org.springframework.beans.factory.annotation.Value("${dmp.console.metrics-refresh:10s}") Duration refresh) {
        this.refreshMillis = Math.max(1000, refresh.toMillis());
        this.queries = queries;
        this.feeds = feeds;
        this.progress = progress;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        files = MultiGauge.builder("dmp.files").description("files decided, by feed, outcome and primary reason")
                .baseUnit("files").register(registry);
        runSeconds = MultiGauge.builder("dmp.last.run.duration").description("the last run's duration")
                .baseUnit("seconds").register(registry);
        runRate = MultiGauge.builder("dmp.last.run.throughput").description("the last run's files per second")
                .register(registry);
        waiting = MultiGauge.builder("dmp.drop.files").description("files waiting in the feed's drop folder")
                .baseUnit("files").register(registry);
        running = MultiGauge.builder("dmp.run.progress.done").description("a running job's files done")
                .baseUnit("files").register(registry);
        Gauge.builder("dmp.console.refreshed", this, m -> m.refreshedAt / 1000.0).description("counts last read (epoch s)")
                .register(registry);
        refresh();
        // read on a timer of its own: registering rows while a scrape walks the meters loses some of them
        timer.scheduleWithFixedDelay(this::refresh, refreshMillis, refreshMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private final java.util.concurrent.ScheduledExecutorService timer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "console-metrics");
                t.setDaemon(true);
                return t;
            });

    @Override
    public void destroy() {
        timer.shutdownNow();
    }

    synchronized void refresh() {
        refreshedAt = System.currentTimeMillis();
        try {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (OperatorQueries.FileCount c : queries.fileCounts()) {
                rows.add(MultiGauge.Row.of(Tags.of("feed", c.feed(), "outcome", c.outcome(), "reason", c.reason()), c.files()));
            }
            files.register(rows, true);
            List<MultiGauge.Row<?>> seconds = new ArrayList<>();
            List<MultiGauge.Row<?>> rates = new ArrayList<>();
            List<MultiGauge.Row<?>> drops = new ArrayList<>();
            List<MultiGauge.Row<?>> live = new ArrayList<>();
            for (String name : feeds.listing().feeds()) {
                Feed feed = feeds.load(name);
                queries.lastRun(name).filter(r -> r.ended() != null && r.started() != null).ifPresent(r -> {
                    double s = Math.max(0.001, Duration.between(r.started(), r.ended()).toMillis() / 1000.0);
                    seconds.add(MultiGauge.Row.of(Tags.of("feed", name), s));
                    rates.add(MultiGauge.Row.of(Tags.of("feed", name), r.files() == null ? 0 : r.files() / s));
                });
                drops.add(MultiGauge.Row.of(Tags.of("feed", name), inDrop(feed.drop())));
                progress.of(name).filter(p -> p.state().equals("RUNNING"))
                        .ifPresent(p -> live.add(MultiGauge.Row.of(Tags.of("feed", name), p.done())));
            }
            runSeconds.register(seconds, true);
            runRate.register(rates, true);
            waiting.register(drops, true);
            running.register(live, true);
        } catch (RuntimeException e) {
            // the store is down: the db health says so; the last counts stay
            org.slf4j.LoggerFactory.getLogger(ConsoleMetrics.class).warn("metrics not refreshed ({})", e.getClass().getSimpleName());
        }
    }

    static long inDrop(Path drop) {
        if (!Files.isDirectory(drop)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(drop)) {
            return s.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            return -1;
        }
    }
}
