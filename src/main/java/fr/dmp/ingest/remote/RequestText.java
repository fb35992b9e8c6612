package fr.dmp.ingest.remote;

import org.springframework.batch.integration.partition.StepExecutionRequest;

/**
 * A partition request on the wire: {@code <step execution id> <step name>}, plain text, so
 * that a worker never deserializes Java objects from the broker.
 */
final class RequestText {

    private RequestText() {
    }

    static String of(StepExecutionRequest r) {
        return r.getStepExecutionId() + " " + r.getStepName();
    }

    static StepExecutionRequest parse(String text) {
        String[] parts = text.trim().split(" ", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a partition request");
        }
        return new StepExecutionRequest(parts[1], Long.parseLong(parts[0]));
    }
}
