package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.faults.Faults;
import fr.dmp.ingest.report.RunReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transient database errors (a connection reset, SQLState 08006) are retried with a bounded back-off, and
 * a chunk written again stores nothing twice.
 */
class RetryTest extends PipelineTestSupport {

    @AfterEach
    void noMoreFaults() {
        System.clearProperty("dmp.faults.fail-writes");
        Faults.reset();
    }

    @Test
    void aChunkWhoseWriteFailsTransientlyIsRetriedAndStoredOnce() {
        Faults.reset();
        System.setProperty("dmp.faults.fail-writes", "3");
        RunReport report = ingest("lab-results", dropWithSamples("lab-results"));
        assertThat(Faults.failedWrites()).isGreaterThanOrEqualTo(3);
        assertThat(report.files()).isEqualTo(66);
        assertThat(report.stored()).isEqualTo(54);
        assertThat(count("SELECT count(*) FROM dmp.document")).isEqualTo(56);
        assertThat(count("SELECT count(*) FROM dmp.disposition")).isEqualTo(66);
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'STORED'")).isEqualTo(56);
    }

    @Test
    void retriesAreBoundedTheRunFailsInOneLineAndNothingIsDecidedTwice() {
        Faults.reset();
        System.setProperty("dmp.faults.fail-writes", "1000");
        var drop = dropWithSamples("lab-results");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ingest("lab-results", drop)))
                .isInstanceOf(IngestFailure.class).hasMessageContaining("database unreachable")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(count("SELECT count(*) FROM dmp.disposition")).isZero();
        System.clearProperty("dmp.faults.fail-writes");
        RunReport next = ingest("lab-results", drop);
        assertThat(next.files()).isEqualTo(66);
        assertThat(count("SELECT count(*) FROM dmp.document")).isEqualTo(56);
    }
}
