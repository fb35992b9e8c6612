package fr.dmp.ingest.job;

import org.springframework.batch.core.step.StepExecution;

import java.security.SecureRandom;

/**
 * The prefix of a run's claim tokens (issue 17): {@code j<job execution id>-<8 random base-36 characters>}.
 * The job execution id says which run claimed a file; it restarts at 1 with a new database, so the random
 * part, drawn once per run and given to every step as the job parameter {@value #PARAMETER}, keeps tokens
 * (and the archive and quarantine folders named after them) unique across databases. Never an underscore
 * (intake/ClaimNames).
 */
final class ClaimTokens {

    static final String PARAMETER = "claim";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 36^8 (about 2.8e12) values: two runs of the same id in two databases draw the same one once in 10^12. */
    private static final long SPACE = 2_821_109_907_456L;

    private ClaimTokens() {
    }

    /** A new random part, 8 base-36 characters. */
    static String newRunPart() {
        long n = Math.floorMod(RANDOM.nextLong(), SPACE);
        String s = Long.toString(n, 36);
        return "0".repeat(8 - s.length()) + s;
    }

    /** The claim-token prefix of the run this step belongs to. */
    static String prefix(StepExecution step) {
        return prefix(step.getJobExecutionId(), step.getJobParameters().getString(PARAMETER));
    }

    static String prefix(long jobExecutionId, String runPart) {
        // a job started without the parameter (none is, through IngestRunner) still claims, as before
        return "j" + jobExecutionId + (runPart == null || runPart.isEmpty() ? "" : "-" + runPart);
    }
}
