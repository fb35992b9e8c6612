package fr.dmp.ingest.job;

import fr.dmp.ingest.report.RunReport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.TreeMap;

/** Reads back a report stored by the report step. */
final class ReportJson {

    private ReportJson() {
    }

    static RunReport parse(String json) {
        JsonNode n = JsonMapper.builder().build().readTree(json);
        return new RunReport(n.get("jobExecutionId").asLong(), n.get("feed").asString(), n.get("files").asLong(),
                n.get("stored").asLong(), n.get("duplicates").asLong(), n.get("quarantined").asLong(),
                counts(n.get("reasons")), counts(n.get("types")), n.get("documentsStored").asLong(),
                n.get("seconds").asDouble(), n.get("status").asString());
    }

    private static Map<String, Long> counts(JsonNode node) {
        Map<String, Long> m = new TreeMap<>();
        node.properties().forEach(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }
}
