package fr.dmp.ingest.job;

import fr.dmp.ingest.feed.MigrationManifest;
import fr.dmp.ingest.report.Reconciliation;
import fr.dmp.ingest.store.MigrationLedger;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.List;

/**
 * A legacy migration's bookkeeping around a run (issue 14): keeps the manifest's lines in the store
 * before the run, and after it reconciles them with every disposition of the feed and writes
 * {@code <feed>-<run>.reconciliation.csv} beside the report.
 */
final class MigrationReconciler {

    private final MigrationLedger ledger;

    MigrationReconciler(DataSource dataSource) {
        this.ledger = new MigrationLedger(new JdbcTemplate(dataSource));
    }

    /** Keeps the manifest's lines; -1, or the first line whose record id an earlier manifest gave another file (nothing kept). */
    int keep(String feed, MigrationManifest manifest) {
        List<MigrationLedger.ManifestRow> rows = manifest.lines().stream().map(l -> new MigrationLedger.ManifestRow(l.lineNumber(),
                l.legacyRecordId(), l.fileName(), l.sha256(), l.ins(), l.expectedDocuments())).toList();
        int reused = ledger.lineReusingAnotherFilesId(feed, rows);
        if (reused < 0) {
            ledger.save(feed, rows);
        }
        return reused;
    }

    /** The reconciliation of a feed that has a manifest in the store, else null. */
    Reconciliation reconcile(String feed, long jobExecutionId) {
        if (!ledger.hasManifest(feed)) {
            return null;
        }
        return new Reconciliation(feed, jobExecutionId, ledger.reconcile(feed, jobExecutionId));
    }

    /**
     * Beside the report, named as it is with the run's id ({@code <feed>-<UTC start>-<run>.reconciliation.csv} for a
     * report of the reports folder, {@code x-<run>.reconciliation.csv} for {@code --report x.json}), written atomically:
     * named by the run's id alone, a new database's run 7 replaced an older store's (round 23, a new operator; the JSON
     * reports already carried their start time).
     */
    static Path write(Reconciliation r, Path reportFile) {
        Path folder = reportFile.toAbsolutePath().getParent();
        String report = reportFile.getFileName().toString();
        String base = report.endsWith(".json") ? report.substring(0, report.length() - ".json".length()) : report;
        String run = "-" + r.jobExecutionId();
        Path file = folder.resolve(base + (base.endsWith(run) ? "" : run) + ".reconciliation.csv"); // --report x.json: x-7
        IngestRunner.writeReportFile(r.toCsv(), file);
        return file;
    }
}
