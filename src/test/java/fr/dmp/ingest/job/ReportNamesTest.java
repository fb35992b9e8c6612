package fr.dmp.ingest.job;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 17: a new database restarts job ids at 1; a report named by its id alone silently replaced an older one. */
class ReportNamesTest {

    @Test
    void twoRunsWithTheSameJobExecutionIdGetTwoReports() {
        String first = IngestRunner.reportName("lab-results", Instant.parse("2026-11-30T08:00:00Z"), 1);
        String afterANewDatabase = IngestRunner.reportName("lab-results", Instant.parse("2026-12-01T09:30:05Z"), 1);
        assertThat(first).isEqualTo("lab-results-20261130T080000Z-1.json");
        assertThat(afterANewDatabase).isEqualTo("lab-results-20261201T093005Z-1.json").isNotEqualTo(first);
    }
}
