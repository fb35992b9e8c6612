package fr.dmp.ingest.job;

import org.springframework.messaging.MessageChannel;

import java.time.Duration;

/**
 * The manager's side of remote partitioning (issue 20), given by the {@code remote} package when the run is
 * {@code --remote}: where partition requests go (to the broker), how often the manager polls the job
 * repository for its partitions, and how long it waits for all of them.
 */
public interface RemotePartitions {

    MessageChannel requests();

    Duration pollInterval();

    /** After this, the run stops with one line; the partitions not done are run by the next run. */
    Duration timeout();
}
