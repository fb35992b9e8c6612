package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.faults.Faults;
import fr.dmp.ingest.report.RunReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Applying dossier events gets the same bounded back-off on transient database errors as the writes: a
 * connection lost once (SQLState 08006, injected as in {@link RetryTest}) is retried and every event applies.
 */
class ApplyEventsRetryTest extends PipelineTestSupport {

    @AfterEach
    void noMoreFaults() {
        System.clearProperty("dmp.faults.fail-writes");
        Faults.reset();
    }

    @Test
    void aTransientFailureWhileApplyingIsRetriedAndTheEventsApply() {
        ingest("lab-results", dropWithSamples("lab-results")); // opens the dossiers the events change
        Faults.reset();
        System.setProperty("dmp.faults.fail-writes", "1"); // the event files' record is no chunk write: applying fails
        RunReport events = ingest("patient-events", dropWithSamples("patient-events"));
        // the counter counts attempts while the property is set: the failed one, then those that went through
        assertThat(Faults.failedWrites()).isGreaterThanOrEqualTo(2);
        assertThat(events.files()).isEqualTo(7);
        assertThat(count("SELECT count(*) FROM dmp.dossier_event")).isPositive();
        assertThat(count("SELECT count(*) FROM dmp.dossier_event WHERE state = 'PENDING'")).isZero();
        assertThat(count("SELECT count(*) FROM dmp.audit_event WHERE action = 'CLOSED'")).isPositive();
    }

    @Test
    void retriesWhileApplyingAreBoundedTheRunFailsInOneLineAndTheNextRunApplies() {
        ingest("lab-results", dropWithSamples("lab-results"));
        Faults.reset();
        System.setProperty("dmp.faults.fail-writes", "1000");
        Path drop = dropWithSamples("patient-events");
        assertThat(catchThrowable(() -> ingest("patient-events", drop)))
                .isInstanceOf(IngestFailure.class).hasMessageContaining("applying dossier events failed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(count("SELECT count(*) FROM dmp.dossier_event WHERE state = 'PENDING'")).isPositive();
        System.clearProperty("dmp.faults.fail-writes");
        ingest("patient-events", drop);
        assertThat(count("SELECT count(*) FROM dmp.dossier_event WHERE state = 'PENDING'")).isZero();
    }
}
