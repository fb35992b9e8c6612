package fr.dmp.ingest.job;

import fr.dmp.ingest.feed.Feed;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cuts a feed run's drop folder into many more partitions than workers (issue 20): partition {@code i} of
 * {@code n} takes the files whose name hashes to {@code i} ({@link ClaimingReader#partitionOf}), so load
 * balances over workers of any speed and a lost partition is a small share. Each partition's execution context
 * says all a worker needs to run it, on this JVM or another: the feed, its folders (absolute), its quiet period,
 * and the version of the jar that planned it.
 */
public final class FeedPartitioner implements Partitioner {

    public static final String FEED = "dmp.feed";
    static final String DROP = "dmp.drop";
    static final String WORK = "dmp.work";
    static final String QUIET_MILLIS = "dmp.quietMillis";
    public static final String PARTITION = "dmp.partition";
    static final String PARTITIONS = "dmp.partitions";
    public static final String VERSION = "dmp.version";
    /** The id of the key the manager seals with: a worker sealing under another would make data the site cannot open. */
    public static final String SEALING_KEY = "dmp.sealingKey";

    private final Feed feed;
    private final int partitions;
    private final String version;
    private final String sealingKey;

    public FeedPartitioner(Feed feed, int partitions, String version) {
        this(feed, partitions, version, null);
    }

    public FeedPartitioner(Feed feed, int partitions, String version, String sealingKey) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive");
        }
        this.feed = feed;
        this.partitions = partitions;
        this.version = version;
        this.sealingKey = sealingKey;
    }

    /** @param gridSize ignored: the count is the run's setting ({@code dmp.partitions}), the same on every worker */
    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> out = new LinkedHashMap<>();
        for (int i = 0; i < partitions; i++) {
            ExecutionContext c = new ExecutionContext();
            c.putString(FEED, feed.name());
            c.putString(DROP, feed.drop().toAbsolutePath().normalize().toString());
            c.putString(WORK, feed.work().toAbsolutePath().normalize().toString());
            c.putLong(QUIET_MILLIS, feed.quietPeriod().toMillis());
            c.putInt(PARTITION, i);
            c.putInt(PARTITIONS, partitions);
            c.putString(VERSION, version);
            if (sealingKey != null) {
                c.putString(SEALING_KEY, sealingKey);
            }
            out.put(String.format("p%03d", i), c);
        }
        return out;
    }

    /** The feed a partition runs, as the manager resolved it: its file from {@code jobs/}, folders from the context. */
    static Feed feedOf(ExecutionContext c, java.util.function.Function<String, Feed> load) {
        return load.apply(c.getString(FEED))
                .withDrop(java.nio.file.Path.of(c.getString(DROP)))
                .withWork(java.nio.file.Path.of(c.getString(WORK)))
                .withQuietPeriod(Duration.ofMillis(c.getLong(QUIET_MILLIS)));
    }
}
