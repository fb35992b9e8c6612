package fr.dmp.ingest.job;

import fr.dmp.ingest.report.Reconciliation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 23, a new operator: the reconciliation CSV was named {@code <feed>-<run>.reconciliation.csv}, so a new
 * database (ids restart at 1) replaced an older store's, where the JSON reports carry their start time. It is named
 * as its report now, with the run's id.
 */
class ReconciliationFileNameTest {

    @TempDir
    Path reports;

    @Test
    void theCsvIsNamedAsItsReportSoThatTwoStoresRunsOfOneIdKeepTheirOwn() throws Exception {
        Reconciliation older = new Reconciliation("legacy-migration", 7, List.of());
        Reconciliation newer = new Reconciliation("legacy-migration", 7, List.of());
        Path a = MigrationReconciler.write(older, reports.resolve(IngestRunner.reportName("legacy-migration",
                java.time.Instant.parse("2026-12-02T07:31:01Z"), 7)));
        Path b = MigrationReconciler.write(newer, reports.resolve(IngestRunner.reportName("legacy-migration",
                java.time.Instant.parse("2027-01-05T02:00:00Z"), 7)));
        assertThat(a.getFileName().toString()).isEqualTo("legacy-migration-20261202T073101Z-7.reconciliation.csv");
        assertThat(b.getFileName().toString()).isEqualTo("legacy-migration-20270105T020000Z-7.reconciliation.csv");
        assertThat(Files.isRegularFile(a)).isTrue();
        assertThat(Files.isRegularFile(b)).isTrue();
        // an explicit --report FILE keeps the run's id in the CSV's name, as before
        Path c = MigrationReconciler.write(older, reports.resolve("night.json"));
        assertThat(c.getFileName().toString()).isEqualTo("night-7.reconciliation.csv");
    }
}
