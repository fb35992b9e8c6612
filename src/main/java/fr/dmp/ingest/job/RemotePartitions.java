package fr.dmp.ingest.job;

import org.springframework.batch.core.partition.PartitionHandler;

/**
 * The manager's side of remote partitioning (issue 20), given by the {@code remote} package when the run is
 * {@code --remote}: how the partitions of a run reach the workers through the broker and how the manager
 * follows them in the job repository until they end, the broker lost and back, or the run stops in one line.
 */
public interface RemotePartitions {

    /** @param workerStep the step the workers run each partition with */
    PartitionHandler handler(String workerStep);
}
