package fr.dmp.ingest.remote;

import org.springframework.batch.integration.partition.StepExecutionRequest;

/**
 * A partition request on the wire: {@code <step execution id> <step name> <database>}, plain text, so that a
 * worker never deserializes Java objects from the broker. The database is the manager's store
 * ({@code current_database()}): a worker whose store lacks the step execution refuses to go on when the request
 * names another database, and drops the request as stale when it names its own (round 13).
 */
final class RequestText {

    private RequestText() {
    }

    /** A request with the manager's database, null when the text gave none. */
    static final class Request extends StepExecutionRequest {
        private final String database;

        Request(String stepName, long stepExecutionId, String database) {
            super(stepName, stepExecutionId);
            this.database = database;
        }

        String database() {
            return database;
        }
    }

    static String of(StepExecutionRequest r) {
        String database = r instanceof Request d ? d.database() : null;
        return r.getStepExecutionId() + " " + r.getStepName() + (database == null ? "" : " " + database);
    }

    static Request parse(String text) {
        String[] parts = text.trim().split(" ", 3);
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a partition request");
        }
        return new Request(parts[1], Long.parseLong(parts[0]), parts.length == 3 ? parts[2] : null);
    }
}
