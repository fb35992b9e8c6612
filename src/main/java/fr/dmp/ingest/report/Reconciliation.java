package fr.dmp.ingest.report;

import fr.dmp.ingest.domain.InsInText;

import fr.dmp.ingest.store.MigrationLedger.ReconciledRow;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reconciliation of a legacy migration (issue 14): every manifest line is {@code stored},
 * {@code duplicate}, {@code quarantined} (with its reason), {@code missing} or {@code checksum-mismatch};
 * every dropped file the manifest does not list is {@code unexpected}. Built from the store at the end of
 * each run, over every run of the feed.
 */
public record Reconciliation(String feed, long jobExecutionId, List<ReconciledRow> rows) {

    public static final List<String> STATES = List.of("stored", "duplicate", "quarantined", "missing",
            "checksum-mismatch", "unexpected");
    public static final List<String> CSV_HEADER = List.of("line", "legacy_record_id", "file_name", "state", "reason",
            "documents", "expected_documents", "note");

    public Reconciliation {
        rows = List.copyOf(rows);
    }

    /** Lines (and unexpected files) per state, every state present. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        STATES.forEach(s -> counts.put(s, 0L));
        rows.forEach(r -> counts.merge(r.state(), 1L, Long::sum));
        return counts;
    }

    public long manifestLines() {
        return rows.stream().filter(r -> r.lineNumber() > 0).count();
    }

    /** Every line reached the record or was refused for a reason, and nothing came that was not listed. */
    public boolean complete() {
        Map<String, Long> c = counts();
        return c.get("missing") == 0 && c.get("checksum-mismatch") == 0 && c.get("unexpected") == 0;
    }

    /** A stored line whose document count or patient is not what the manifest says. */
    static String note(ReconciledRow r) {
        StringBuilder sb = new StringBuilder();
        if (r.lineNumber() == 0 && r.outcome() != null) {
            sb.append("not in the manifest; ").append(r.outcome());
        }
        if ("checksum-mismatch".equals(r.state()) && r.outcome() != null) {
            sb.append("the file of this name has other bytes than the manifest's checksum; it was ").append(r.outcome())
                    .append(r.outcome().startsWith("stored") ? ", without this line's legacy record id" : "");
        }
        if (r.expectedDocuments() != null && r.documents() != null && !r.expectedDocuments().equals(r.documents())
                && !"quarantined".equals(r.state())) {
            sb.append("expected ").append(r.expectedDocuments()).append(" documents, found ").append(r.documents());
        }
        if (r.insDiffers()) {
            sb.append(sb.isEmpty() ? "" : "; ").append("stored in a dossier of another INS than the manifest's");
        }
        return sb.toString();
    }

    /** The CSV written beside the run report: no INS, no name — file names and record ids only. */
    public String toCsv() {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get())) {
            p.printRecord(CSV_HEADER);
            for (ReconciledRow r : rows) {
                p.printRecord(r.lineNumber() == 0 ? "" : r.lineNumber(), r.legacyRecordId() == null ? "" : r.legacyRecordId(),
                        InsInText.masked(r.fileName()), r.state(), r.reason() == null ? "" : r.reason(),
                        r.documents() == null ? "" : r.documents(),
                        r.expectedDocuments() == null ? "" : r.expectedDocuments(), note(r));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The run report's JSON with a {@code reconciliation} object of counts added. */
    public String addTo(String reportJson, String csvFile) {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode report = (ObjectNode) json.readTree(reportJson);
        ObjectNode n = report.putObject("reconciliation");
        n.put("manifestLines", manifestLines());
        counts().forEach(n::put);
        n.put("complete", complete());
        n.put("file", csvFile);
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(report);
    }

    /** One line for the console. */
    public String summary() {
        return "feed " + feed + " reconciliation (job execution " + jobExecutionId + "): " + manifestLines()
                + " manifest lines, " + counts() + (complete() ? ", complete" : ", incomplete");
    }
}
