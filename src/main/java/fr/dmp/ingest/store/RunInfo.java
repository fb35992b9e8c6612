package fr.dmp.ingest.store;

import java.time.Clock;

/** Who writes: the feed, its sending organisation and the job execution, recorded with every row. */
public record RunInfo(String feed, String senderFiness, long jobExecutionId, Clock clock) {
}
