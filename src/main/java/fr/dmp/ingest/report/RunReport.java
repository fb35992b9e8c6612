package fr.dmp.ingest.report;

import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.intake.FileOutcome;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
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

    public static RunReport of(long jobExecutionId, String feed, List<Disposition> dispositions, double seconds,
                               String status) {
        long stored = 0;
        long duplicates = 0;
        long quarantined = 0;
        long documents = 0;
        Map<String, Long> reasons = new TreeMap<>();
        Map<String, Long> types = new TreeMap<>();
        for (Disposition d : dispositions) {
            switch (d.outcome()) {
                case STORED -> stored++;
                case DUPLICATE -> duplicates++;
                case QUARANTINED -> quarantined++;
            }
            if (d.outcome() == FileOutcome.QUARANTINED) {
                reasons.merge(d.primaryReason().name(), 1L, Long::sum);
            }
            for (Disposition.ItemOutcome i : d.items()) {
                if (i.kind() == Disposition.ItemOutcome.Kind.STORED) {
                    types.merge(i.typeCode(), 1L, Long::sum);
                    documents++;
                }
            }
        }
        return new RunReport(jobExecutionId, feed, dispositions.size(), stored, duplicates, quarantined, reasons,
                types, documents, seconds, status);
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
