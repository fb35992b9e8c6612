package fr.dmp.ingest.job;

import fr.dmp.ingest.store.StoreException;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.FatalStepExecutionException;
import org.springframework.batch.core.step.StepExecution;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one line a failed run prints (issue 16, Losses 9). Spring Batch 6 gathers a job's failures in a
 * {@code HashSet} of throwables, so their order changes from run to run: CI once printed the manager step's
 * bare "JobExecutionException" instead of the worker's "SQLState 42501", which Batch wraps in a
 * FatalStepExecutionException. The reason must win whatever the order.
 */
class FirstFailureTest {

    @RepeatedTest(20) // identity hash codes differ each time: both orders of the set come up
    void aWorkersOwnReasonWinsOverThePartitionManagersGenericFailure() {
        JobExecution job = new JobExecution(55L, new JobInstance(1L, "ingest"), new JobParameters());
        StepExecution manager = new StepExecution(1L, "process", job);
        manager.addFailureException(new JobExecutionException("Partition handler returned an unsuccessful step"));
        StepExecution worker = new StepExecution(2L, "process-partition:partition0", job);
        StoreException refused = new StoreException("insert document", new SQLException("permission denied", "42501"));
        worker.addFailureException(new FatalStepExecutionException("Unable to process chunk", SystemicFailure.of(refused)));
        job.addStepExecution(manager);
        job.addStepExecution(worker);

        String line = IngestRunner.firstFailure(job);

        assertThat(line).contains("SQLState 42501").doesNotContain("permission denied").doesNotContain("\n");
    }

    @Test
    void withoutAReasonOfOursOnlyTheClassIsNamed() {
        JobExecution job = new JobExecution(56L, new JobInstance(2L, "ingest"), new JobParameters());
        StepExecution step = new StepExecution(3L, "process", job);
        step.addFailureException(new IllegalStateException("patient DUPONT Jean, INS 1234567890123"));
        job.addStepExecution(step);

        assertThat(IngestRunner.firstFailure(job)).isEqualTo(IllegalStateException.class.getName());
    }

    /**
     * Round 31, a tester: a drop folder made read-only ended in "FAILED: ...JobExecutionException" alone; the step's
     * failure (the system's reason, no path) is said, whatever the order of the set.
     */
    @RepeatedTest(20)
    void aStepsFailureWinsOverTheJobsBareJobExecutionException() {
        JobExecution job = new JobExecution(57L, new JobInstance(3L, "ingest"), new JobParameters());
        StepExecution manager = new StepExecution(4L, "process", job);
        manager.addFailureException(new JobExecutionException("Partition handler returned an unsuccessful step"));
        StepExecution worker = new StepExecution(5L, "process-partition:partition0", job);
        worker.addFailureException(new java.io.UncheckedIOException("cannot claim a file of the drop folder",
                new java.nio.file.AccessDeniedException("/srv/drop/x.hl7", null, "Operation not permitted")));
        job.addStepExecution(manager);
        job.addStepExecution(worker);

        assertThat(IngestRunner.firstFailure(job)).isEqualTo("cannot claim a file of the drop folder (AccessDeniedException: Operation not permitted)");
    }
}
