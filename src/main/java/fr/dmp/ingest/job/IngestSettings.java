package fr.dmp.ingest.job;

import org.springframework.boot.context.properties.ConfigurationProperties;

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
 * @param itemTimeLimit  how long one file may take to read before it is given up (TOO_LARGE)
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
        Duration itemTimeLimit) {

    public IngestSettings {
        jobsFolder = jobsFolder == null ? "jobs" : jobsFolder;
        reportsFolder = reportsFolder == null ? "var/reports" : reportsFolder;
        chunkSize = chunkSize <= 0 ? 200 : chunkSize;
        threads = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
        progressEvery = progressEvery == null ? Duration.ofSeconds(10) : progressEvery;
        retries = retries < 0 ? 0 : retries;
        retryDelay = retryDelay == null ? Duration.ofMillis(500) : retryDelay;
        itemTimeLimit = itemTimeLimit == null ? Duration.ofSeconds(60) : itemTimeLimit;
    }
}
