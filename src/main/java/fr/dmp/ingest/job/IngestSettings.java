package fr.dmp.ingest.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Technical settings of the ingest job ({@code dmp.*} in application.yml); everything about a feed is in
 * its {@code jobs/<feed>.yml}.
 *
 * @param jobsFolder     where the feed files are
 * @param reportsFolder  where run reports are written when no {@code --report} is given
 * @param chunkSize      files per transaction
 * @param threads        parallel partitions of the drop folder (0: one per core)
 * @param progressEvery  how often progress is logged on long runs
 * @param retries        attempts after a transient database error, with exponential back-off
 * @param retryDelay     first back-off delay
 * @param itemTimeLimit  how long one file may take to read before it is given up (TOO_LARGE); for a
 *                       streamed file, how long one window may take
 * @param streamAbove    files larger than this (and within their feed's maxFileSize) are streamed one at a
 *                       time by {@link LargeFileStep} instead of being read whole
 * @param streamWindow   bytes of a streamed multi-message file read at a time
 * @param maxMessageSize the longest single message of a streamed file
 * @param lockWait       how long a run waits for its feed's lock (a killed run's session may take a moment to end)
 * @param partitions     Spring Batch partitions a document feed's drop folder is cut into (0: eight per thread, at
 *                       least 16): many more than workers, so that load balances and a lost partition is small
 * @param maxConsecutiveInternalErrors files in a row refused INTERNAL_ERROR after which the run stops
 *                       ({@link SystemicFailure}): so many unexpected failures are no property of the files
 */
@ConfigurationProperties(prefix = "dmp")
public record IngestSettings(
        String jobsFolder,
        String reportsFolder,
        int chunkSize,
        int threads,
        Duration progressEvery,
        int retries,
        Duration retryDelay,
        Duration itemTimeLimit,
        DataSize streamAbove,
        DataSize streamWindow,
        DataSize maxMessageSize,
        Duration lockWait,
        int maxConsecutiveInternalErrors,
        int partitions) {

    public IngestSettings {
        jobsFolder = jobsFolder == null ? "jobs" : jobsFolder;
        reportsFolder = reportsFolder == null ? "var/reports" : reportsFolder;
        chunkSize = chunkSize <= 0 ? 200 : chunkSize;
        threads = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
        progressEvery = progressEvery == null ? Duration.ofSeconds(10) : progressEvery;
        retries = retries < 0 ? 0 : retries;
        retryDelay = retryDelay == null ? Duration.ofMillis(500) : retryDelay;
        itemTimeLimit = itemTimeLimit == null ? Duration.ofSeconds(60) : itemTimeLimit;
        streamAbove = streamAbove == null ? DataSize.ofMegabytes(32) : streamAbove;
        streamWindow = streamWindow == null ? DataSize.ofMegabytes(4) : streamWindow;
        maxMessageSize = maxMessageSize == null ? DataSize.ofMegabytes(64) : maxMessageSize;
        lockWait = lockWait == null ? Duration.ofSeconds(15) : lockWait;
        maxConsecutiveInternalErrors = maxConsecutiveInternalErrors <= 0 ? 20 : maxConsecutiveInternalErrors;
        partitions = partitions <= 0 ? Math.max(16, threads * 8) : partitions;
        if (streamWindow.toBytes() <= 0 || maxMessageSize.toBytes() < streamWindow.toBytes()
                || maxMessageSize.toBytes() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("dmp.stream-window must be positive and at most dmp.max-message-size (< 2 GB)");
        }
    }

    /** Whether a file of this size is streamed rather than read whole (larger than its feed's limit: refused unread). */
    public boolean streams(long size, long feedMaxFileSize) {
        return size > streamAbove.toBytes() && size <= feedMaxFileSize;
    }
}
