package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.report.RunReport;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a run killed with SIGKILL leaves behind, recovered by the next run without operator action
 * (shared/design.md): claimed files with and without a committed disposition, and a job execution
 * still STARTED in the job repository.
 */
class RecoveryTest extends PipelineTestSupport {

    @Autowired
    JobRepository jobRepository;

    @Test
    void aKilledRunsClaimedFilesAndStartedExecutionAreRecovered() throws Exception {
        Path samples = dropWithSamples("lab-results");
        Path drop = work.resolve("drop-recovery");
        Files.createDirectories(drop);
        Path claim = work.resolve("claim").resolve("lab-results");
        Files.createDirectories(claim);

        // decided and committed, killed before the move: must be moved, not processed again
        Files.copy(samples.resolve("oru-0001.hl7"), claim.resolve("j900p0n1_oru-0001.hl7"));
        jdbc.update("INSERT INTO dmp.disposition (claim_token, feed, original_name, sha256, size_bytes, outcome,"
                + " items, job_execution_id, decided_at) VALUES ('j900p0n1', 'lab-results', 'oru-0001.hl7', NULL, 10,"
                + " 'STORED', '[{\"index\":1,\"kind\":\"STORED\",\"typeCode\":\"11502-2\"}]', 900, now())");
        // claimed, not decided: processed again by the next run
        Files.copy(samples.resolve("oru-0002.hl7"), claim.resolve("j900p1n1_oru-0002.hl7"));
        // a sidecar claimed without its main file, which is still in the drop folder: given back
        Files.writeString(drop.resolve("r.hl7"), "MSH|");
        Files.setLastModifiedTime(drop.resolve("r.hl7"), Files.getLastModifiedTime(samples.resolve("oru-0003.hl7")));
        Files.writeString(claim.resolve("j900p1n2_r.hl7.json"), "{}");
        Files.setLastModifiedTime(claim.resolve("j900p1n2_r.hl7.json"), Files.getLastModifiedTime(drop.resolve("r.hl7")));
        // the killed run's execution, still STARTED
        JobParameters params = new JobParametersBuilder().addString("feed", "lab-results").addLong("run", 1L).toJobParameters();
        JobInstance instance = jobRepository.createJobInstance(IngestJobFactory.JOB_NAME, params);
        JobExecution killed = jobRepository.createJobExecution(instance, params, new ExecutionContext());
        killed.setStatus(BatchStatus.STARTED);
        killed.setStartTime(LocalDateTime.now());
        jobRepository.update(killed);

        RunReport report = ingest("lab-results", drop);

        assertThat(jobRepository.getJobExecution(killed.getId()).getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(names(claim)).isEmpty();
        assertThat(names(work.resolve("archive/lab-results"))).containsExactlyInAnyOrder("oru-0001.hl7", "oru-0002.hl7");
        // the sidecar went back and was claimed with its file, as a pair (here a broken HL7 file)
        Path reason = reasonFile(work.resolve("quarantine/lab-results"), "r.hl7");
        assertThat(reason).exists();
        assertThat(names(work.resolve("quarantine/lab-results"))).containsExactlyInAnyOrder("r.hl7", "r.hl7.json",
                reason.getFileName().toString());
        // counted once each: the decided file from the killed run's disposition, the other two from this run
        assertThat(report.files()).isEqualTo(3);
        assertThat(report.stored()).isEqualTo(2);
        assertThat(report.quarantined()).isEqualTo(1);
        assertThat(names(drop)).isEmpty();
        assertThat(count("SELECT count(*) FROM dmp.document WHERE source_file = 'oru-0002.hl7'")).isEqualTo(1);
        // the decided file was not processed again
        assertThat(count("SELECT count(*) FROM dmp.document WHERE source_file = 'oru-0001.hl7'")).isZero();
        assertThat(count("SELECT count(*) FROM dmp.disposition WHERE reported_in IS NULL")).isZero();
    }

    @Test
    void aRunWaitsForItsFeedsLockAndGivesUpWithOneLineWhileAnotherRunHoldsIt() throws Exception {
        Path drop = dropWithSamples("lab-results");
        // another run of the feed in progress: its session holds the feed's lock
        try (java.sql.Connection other = jdbc.getDataSource().getConnection();
             java.sql.Statement st = other.createStatement()) {
            st.execute("SELECT pg_advisory_lock(hashtext('dmp-ingest:lab-results'))");
            long start = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ingest("lab-results", drop))
                    .isInstanceOf(IngestFailure.class).hasMessage("feed lab-results: another run of this feed is in progress");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("it waited dmp.lock-wait first")
                    .isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(2));
            assertThat(names(work.resolve("claim/lab-results"))).isEmpty();
            st.execute("SELECT pg_advisory_unlock(hashtext('dmp-ingest:lab-results'))");
        }
        // released, the feed runs; and a run releases the lock it took, so the next one runs too
        assertThat(ingest("lab-results", drop).files()).isPositive();
        assertThat(count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")).isZero();
        assertThat(ingest("lab-results", dropWithSamples("lab-results")).duplicates()).isPositive();
    }
}
