package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Round 33, an operator: a reports folder that could not be written ended the run with "UncheckedIOException" alone,
 * while its files were stored. The line says the files are decided, where the report could not go, and that the next
 * run writes it.
 */
class UnwritableReportTest extends PipelineTestSupport {

    @Test
    void anUnwritableReportSaysTheFilesAreDecidedAndWhereItCouldNotGo() throws Exception {
        String feed = "lab-results";
        Path drop = Files.createDirectories(work.resolve("drop").resolve(feed));
        copiedComplete(Path.of("sample-data", feed, "oru-0001.hl7"), drop.resolve("oru-0001.hl7"));
        Path notAFolder = Files.writeString(work.resolve("reports-is-a-file"), "x");
        assertThatThrownBy(() -> runner.run(feed, new IngestRunner.Options(drop, work, notAFolder.resolve("run.json"), null)))
                .isInstanceOf(IngestFailure.class)
                .hasMessageContaining("the run's files are decided, but its report could not be written in")
                .hasMessageContaining("the next run writes it");
        assertThat(outcome(feed, "oru-0001.hl7")).isEqualTo("STORED");
    }
}
