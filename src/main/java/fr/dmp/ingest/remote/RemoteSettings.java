package fr.dmp.ingest.remote;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Remote partitioning ({@code dmp.remote.*}, issue 20); the broker itself is {@code spring.rabbitmq.*}.
 *
 * @param role          {@code manager} ({@code ingest --remote}) or {@code worker}; unset: no broker is used
 * @param queue         the durable queue of partition requests
 * @param pollInterval  how often the manager reads the job repository for its partitions
 * @param timeout       how long the manager waits for all partitions, after which the run stops in one line
 * @param staleAfter    a partition STARTED whose execution was not updated for this long is taken to be a dead
 *                      worker's, and run again by the worker its request comes back to; longer than a chunk
 *                      can take (dmp.item-time-limit per file)
 * @param workerThreads partitions one worker runs at once
 * @param brokerWait    how long the manager waits for a broker it lost mid-run before it stops the run in one line
 *                      (the next run finishes the work); back within it, the run goes on
 * @param reconnectEvery how often a worker that lost the broker tries to reach it again
 */
@ConfigurationProperties(prefix = "dmp.remote")
public record RemoteSettings(String role, String queue, Duration pollInterval, Duration timeout, Duration staleAfter,
                             Integer workerThreads, Duration brokerWait, Duration reconnectEvery) {

    public RemoteSettings {
        queue = queue == null || queue.isBlank() ? "dmp-ingest.partitions" : queue;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        timeout = timeout == null ? Duration.ofHours(12) : timeout;
        staleAfter = staleAfter == null ? Duration.ofMinutes(3) : staleAfter;
        if (workerThreads != null && workerThreads <= 0) {
            // was taken as 1 without a word (round 32, a tester)
            throw new fr.dmp.ingest.domain.ConfigurationFailure("dmp.remote.worker-threads must be 1 or more, not " + workerThreads);
        }
        workerThreads = workerThreads == null ? 1 : workerThreads;
        brokerWait = brokerWait == null ? Duration.ofMinutes(2) : brokerWait;
        reconnectEvery = reconnectEvery == null ? Duration.ofSeconds(5) : reconnectEvery;
    }
}
