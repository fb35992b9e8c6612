package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.report.RunReport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 10, the crash tester: a database lost after the report step committed and before the job ended left the
 * run's files counted in a report nobody ever saw (no file, no line); one lost after the last file was decided and
 * before the report step left them unreported, and the next run found "nothing to do" with an empty drop. Both are
 * made here in the store as those crashes leave it; the next run of the feed reports them, with nothing dropped.
 */
class ReportDeliveryTest extends PipelineTestSupport {

    private IngestRunner.Options options(Path drop) {
        return new IngestRunner.Options(drop, work, work.resolve("reports").resolve("lab-results.json"), null);
    }

    @Test
    void aReportCountedButNeverWrittenIsWrittenByTheNextRunUnderItsOwnName() throws Exception {
        Path drop = dropWithSamples("lab-results");
        RunReport first = ingest("lab-results", drop);
        assertThat(first.files()).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.run_report WHERE delivered_at IS NULL", Long.class)).isZero();

        // the database lost between the report step's commit and the job's end: no file was written
        jdbc.update("UPDATE dmp.run_report SET delivered_at = NULL");
        assertThat(runner.nothingToDo("lab-results", options(drop))).as("a report is owed").isFalse();
        // round 11, an operator tester: status said nothing of it
        assertThat(new fr.dmp.ingest.store.OperatorQueries(jdbc).owedReports("lab-results")).isEqualTo(1);
        fr.dmp.ingest.ops.FeedStatus.Status status = new fr.dmp.ingest.ops.FeedStatus.Status("lab-results", java.util.Optional.empty(),
                new fr.dmp.ingest.intake.DropFolder.Waiting(java.util.Map.of(), null, 0), 0, List.of(), java.util.Map.of(), null, 1);
        assertThat(new fr.dmp.ingest.ops.FeedStatus(new fr.dmp.ingest.store.OperatorQueries(jdbc), java.time.Clock.systemUTC())
                .lines(status)).anyMatch(l -> l.startsWith("  reports owed: 1 run(s) whose report file was not written"));

        IngestRunner.Result next = runner.runMigration("lab-results", options(drop), null);
        assertThat(next.report().files()).isZero();
        assertThat(next.late()).hasSize(1);
        RunReport late = next.late().get(0);
        assertThat(late.jobExecutionId()).isEqualTo(first.jobExecutionId());
        assertThat(late.files()).isEqualTo(first.files());
        assertThat(late.quarantined()).isEqualTo(first.quarantined());
        assertThat(late.status()).isEqualTo("COMPLETED_AFTER_ITS_REPORT");
        try (Stream<Path> reports = Files.list(work.resolve("reports"))) {
            List<String> names = reports.map(p -> p.getFileName().toString()).toList();
            assertThat(names).anyMatch(n -> n.startsWith("lab-results-") && n.endsWith("-" + first.jobExecutionId() + ".json"));
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.run_report WHERE delivered_at IS NULL", Long.class)).isZero();
        assertThat(runner.nothingToDo("lab-results", options(drop))).isTrue();
    }

    @Test
    void filesDecidedByARunThatNeverReportedAreCountedByTheNextRunEvenWithAnEmptyDrop() {
        Path drop = dropWithSamples("lab-results");
        RunReport first = ingest("lab-results", drop);
        // the database lost after the last file was decided, before the report step: nothing counted them
        jdbc.update("UPDATE dmp.disposition SET reported_in = NULL");
        jdbc.update("DELETE FROM dmp.run_report");
        assertThat(runner.nothingToDo("lab-results", options(drop))).as("decided files wait for a report").isFalse();

        RunReport next = ingest("lab-results", drop);
        assertThat(next.files()).isEqualTo(first.files());
        assertThat(next.stored()).isEqualTo(first.stored());
        assertThat(runner.nothingToDo("lab-results", options(drop))).isTrue();
    }
}
