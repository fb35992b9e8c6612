package fr.dmp.ingest.report;

import fr.dmp.ingest.intake.FileOutcome;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * The report of one run of a feed: files, and what became of them. {@code files = stored + duplicates
 * + quarantined} always; {@code reasons} counts quarantined files by their primary reason and {@code
 * types} counts the documents stored, by type code.
 */
public record RunReport(
        long jobExecutionId,
        String feed,
        long files,
        long stored,
        long duplicates,
        long quarantined,
        Map<String, Long> reasons,
        Map<String, Long> types,
        long documentsStored,
        double seconds,
        String status) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public RunReport {
        reasons = Map.copyOf(reasons);
        types = Map.copyOf(types);
        if (files != stored + duplicates + quarantined) {
            throw new IllegalStateException("report does not add up");
        }
    }

    /** The report of counts made in the store ({@code DispositionRepository.claimForReport}). */
    public static RunReport of(long jobExecutionId, String feed, fr.dmp.ingest.store.DispositionRepository.Counts counts,
                               double seconds, String status) {
        long stored = counts.outcome(FileOutcome.STORED.name());
        long duplicates = counts.outcome(FileOutcome.DUPLICATE.name());
        long quarantined = counts.outcome(FileOutcome.QUARANTINED.name());
        long documents = counts.types().values().stream().mapToLong(Long::longValue).sum();
        return new RunReport(jobExecutionId, feed, stored + duplicates + quarantined, stored, duplicates, quarantined,
                counts.reasons(), counts.types(), documents, seconds, status);
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("jobExecutionId", jobExecutionId);
        n.put("feed", feed);
        n.put("status", status);
        n.put("files", files);
        n.put("stored", stored);
        n.put("duplicates", duplicates);
        n.put("quarantined", quarantined);
        ObjectNode r = n.putObject("reasons");
        new TreeMap<>(reasons).forEach(r::put);
        ObjectNode t = n.putObject("types");
        new TreeMap<>(types).forEach(t::put);
        n.put("documentsStored", documentsStored);
        n.put("seconds", Math.round(seconds * 1000) / 1000.0);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    }

    public RunReport withStatus(String newStatus, double newSeconds) {
        return new RunReport(jobExecutionId, feed, files, stored, duplicates, quarantined, reasons, types,
                documentsStored, newSeconds, newStatus);
    }

    /** One line for the console. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("feed %s (job execution %d): %d files, %d stored, %d duplicates, %d quarantined in %.1f s",
                feed, jobExecutionId, files, stored, duplicates, quarantined, seconds));
        if (!reasons.isEmpty()) {
            sb.append(" ").append(new TreeMap<>(reasons));
        }
        return sb.toString();
    }
}
