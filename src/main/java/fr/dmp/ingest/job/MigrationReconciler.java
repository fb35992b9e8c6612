package fr.dmp.ingest.job;

import fr.dmp.ingest.feed.MigrationManifest;
import fr.dmp.ingest.report.Reconciliation;
import fr.dmp.ingest.store.MigrationLedger;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;

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

    void keep(String feed, MigrationManifest manifest) {
        ledger.save(feed, manifest.lines().stream().map(l -> new MigrationLedger.ManifestRow(l.lineNumber(),
                l.legacyRecordId(), l.fileName(), l.sha256(), l.ins(), l.expectedDocuments())).toList());
    }

    /** The reconciliation of a feed that has a manifest in the store, else null. */
    Reconciliation reconcile(String feed, long jobExecutionId) {
        if (!ledger.hasManifest(feed)) {
            return null;
        }
        return new Reconciliation(feed, jobExecutionId, ledger.reconcile(feed, jobExecutionId));
    }

    /** {@code <report's folder>/<feed>-<run>.reconciliation.csv}, written atomically. */
    static Path write(Reconciliation r, Path reportFile) {
        Path folder = reportFile.toAbsolutePath().getParent();
        Path file = folder.resolve(r.feed() + "-" + r.jobExecutionId() + ".reconciliation.csv");
        IngestRunner.writeReportFile(r.toCsv(), file);
        return file;
    }
}
