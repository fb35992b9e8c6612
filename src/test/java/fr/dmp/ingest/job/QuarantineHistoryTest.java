package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.store.OperatorQueries;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 33, a tester: a lab reused a file name; {@code quarantine show} listed the later file's STORED in the refused
 * file's history without saying it held other bytes, and an operator could close a file never stored.
 */
class QuarantineHistoryTest extends PipelineTestSupport {

    @Test
    void aClaimOfTheSameNameAndOtherBytesSaysSo() throws Exception {
        String feed = "lab-results";
        Path drop = Files.createDirectories(work.resolve("drop").resolve(feed));
        Path file = copiedComplete(Path.of("sample-data", feed, "bad-ins-key.hl7"), drop.resolve("daily.hl7"));
        ingest(feed, drop);
        assertThat(outcome(feed, "daily.hl7")).isEqualTo("QUARANTINED:INS_INVALID");
        String refusedSha = jdbc.queryForObject("SELECT sha256 FROM dmp.disposition WHERE original_name = 'daily.hl7'", String.class);

        copiedComplete(Path.of("sample-data", feed, "oru-0001.hl7"), file);
        ingest(feed, drop);
        assertThat(outcome(feed, "daily.hl7")).isEqualTo("STORED");

        var lines = new OperatorQueries(jdbc).history(feed, "daily.hl7", refusedSha).stream()
                .map(OperatorQueries.HistoryLine::what).toList();
        assertThat(lines).containsExactly("QUARANTINED INS_INVALID", "STORED (other bytes)");
    }
}
