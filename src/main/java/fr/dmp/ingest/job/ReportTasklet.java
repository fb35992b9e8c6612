package fr.dmp.ingest.job;

import fr.dmp.ingest.report.RunReport;
import fr.dmp.ingest.store.DispositionRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;


/**
 * Last step: counts every disposition of the feed that no report counted yet (this run's, and those
 * of a run killed before its report) and records the report in the store, in one transaction.
 */
public final class ReportTasklet implements Tasklet {

    private final String feed;
    private final DispositionRepository dispositions;
    private final JdbcTemplate jdbc;

    public ReportTasklet(String feed, DispositionRepository dispositions, JdbcTemplate jdbc) {
        this.feed = feed;
        this.dispositions = dispositions;
        this.jdbc = jdbc;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long jobExecutionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
        DispositionRepository.Counts counted = dispositions.claimForReport(feed, jobExecutionId);
        RunReport report = RunReport.of(jobExecutionId, feed, counted, 0, "COMPLETED");
        jdbc.update("INSERT INTO dmp.run_report (job_execution_id, feed, report) VALUES (?, ?, ?::jsonb)"
                + " ON CONFLICT (job_execution_id) DO UPDATE SET report = EXCLUDED.report", jobExecutionId, feed, report.toJson());
        contribution.incrementWriteCount(report.files());
        return RepeatStatus.FINISHED;
    }
}
