package fr.dmp.ingest.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 28, an operator: {@code --report} naming a dated report of the reports folder replaced another run's only record
 * and its audit anchor; {@code audit --verify} then held with one anchor fewer. Refused before anything starts.
 */
class DatedReportTest {

    @TempDir
    Path reports;

    @Test
    void aDatedRunReportIsNeverOverwrittenAndAnUndatedOneStillIs() throws Exception {
        String json = "{\n  \"jobExecutionId\" : 1,\n  \"feed\" : \"lab-results\",\n  \"auditAnchor\" : {}\n}\n";
        Path dated = Files.writeString(reports.resolve("lab-results-20261206T212955Z-1.json"), json);
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exit;
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            exit = Cli.run("ingest", "--feed", "prescriptions", "--report", dated.toString());
        } finally {
            System.setErr(err);
        }
        assertThat(exit).isEqualTo(Cli.EXIT_USAGE);
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("is a dated run report");
        assertThat(Files.readString(dated)).isEqualTo(json);
        assertThat(IngestCommand.DATED_REPORT.matcher("lab-results.json").matches()).isFalse();
        assertThat(IngestCommand.DATED_REPORT.matcher("biolab-sud-20261206T220702Z-32.json").matches()).isTrue();
    }
}
