package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.intake.ClaimNames;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: claim tokens derive from the job execution id, which restarts at 1 with a new database; the run's
 * random part keeps them, and the archive and quarantine folders named after them, unique across databases.
 */
class ClaimTokensTest extends PipelineTestSupport {

    static final String FEED = "lab-results";

    @Test
    void aPrefixIsTheJobExecutionIdAndADrawnPartWithoutUnderscore() {
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String prefix = ClaimTokens.prefix(1, ClaimTokens.newRunPart());
            assertThat(prefix).matches("j1-[0-9a-z]{8}").doesNotContain(ClaimNames.SEPARATOR);
            drawn.add(prefix);
        }
        assertThat(drawn).hasSize(1000); // the same job id in a thousand databases, a thousand prefixes
    }

    private Path dropWith(String folder, String name, String content) throws Exception {
        Path drop = Files.createDirectories(work.resolve(folder));
        Files.writeString(drop.resolve(name), content);
        Files.setLastModifiedTime(drop.resolve(name), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        return drop;
    }

    /**
     * A new database gives the next run the job execution id an earlier run had (here: the id is given again by
     * rewinding the job execution sequence, that run's rows gone, as in an empty database); the same file name
     * quarantined by both runs keeps two folders and two reason files, and each disposition its own token.
     */
    @Test
    void theSameJobExecutionIdInANewDatabaseClaimsUnderAnotherToken() throws Exception {
        RunOutcome first = run(dropWith("drop-1", "bad.hl7", "not hl7 at all, first"));
        jdbc.execute("DELETE FROM dmp.disposition");
        jdbc.execute("DELETE FROM dmp.quarantine_entry");
        forgetJobExecution(first.jobExecutionId());
        RunOutcome second = run(dropWith("drop-2", "bad.hl7", "not hl7 at all, second"));

        assertThat(second.jobExecutionId()).isEqualTo(first.jobExecutionId());
        assertThat(second.token()).isNotEqualTo(first.token()).startsWith("j" + first.jobExecutionId() + "-");
        Path quarantine = work.resolve("quarantine").resolve(FEED);
        assertThat(new String(opened(quarantine.resolve(first.token()).resolve("bad.hl7")), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("not hl7 at all, first"); // kept sealed (issue 16)
        assertThat(new String(opened(quarantine.resolve(second.token()).resolve("bad.hl7")), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("not hl7 at all, second");
        assertThat(quarantine.resolve(first.token() + ".reason.json")).exists();
        assertThat(quarantine.resolve(second.token() + ".reason.json")).exists();
    }

    record RunOutcome(long jobExecutionId, String token) {
    }

    private RunOutcome run(Path drop) {
        long id = ingest(FEED, drop).jobExecutionId();
        String token = jdbc.queryForObject("SELECT claim_token FROM dmp.disposition WHERE original_name = 'bad.hl7'"
                + " AND job_execution_id = ?", String.class, id);
        return new RunOutcome(id, token);
    }

    /** The job execution's rows deleted and its id given again, as a new database would give it. */
    private void forgetJobExecution(long id) {
        List<Long> steps = jdbc.queryForList("SELECT STEP_EXECUTION_ID FROM batch.BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?",
                Long.class, id);
        Long instance = jdbc.queryForObject("SELECT JOB_INSTANCE_ID FROM batch.BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?",
                Long.class, id);
        for (Long step : steps) {
            jdbc.update("DELETE FROM batch.BATCH_STEP_EXECUTION_CONTEXT WHERE STEP_EXECUTION_ID = ?", step);
        }
        jdbc.update("DELETE FROM batch.BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?", id);
        jdbc.update("DELETE FROM batch.BATCH_JOB_EXECUTION_CONTEXT WHERE JOB_EXECUTION_ID = ?", id);
        jdbc.update("DELETE FROM batch.BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID = ?", id);
        jdbc.update("DELETE FROM batch.BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", id);
        jdbc.update("DELETE FROM batch.BATCH_JOB_INSTANCE WHERE JOB_INSTANCE_ID = ?", instance);
        jdbc.execute("ALTER SEQUENCE batch.BATCH_JOB_EXECUTION_SEQ RESTART WITH " + id);
    }
}
