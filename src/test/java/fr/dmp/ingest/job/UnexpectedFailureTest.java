package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.report.RunReport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unexpected exception on one file (a reader's bug) quarantines that file as INTERNAL_ERROR with the
 * exception class only, and the run goes on with the others.
 */
class UnexpectedFailureTest extends PipelineTestSupport {

    @Test
    void anUnexpectedExceptionQuarantinesThatFileOnlyWithTheExceptionClass() throws Exception {
        quarantinesThatFileOnly("boom", "java.lang.IllegalStateException");
    }

    /** Round 15: a class missing at run time (a PDF encrypted for a certificate reached for BouncyCastle) failed the run. */
    @Test
    void aClassMissingAtRunTimeQuarantinesThatFileOnlyAndTheRunGoesOn() throws Exception {
        quarantinesThatFileOnly("linkage:boom", "java.lang.NoClassDefFoundError");
    }

    private void quarantinesThatFileOnly(String fault, String detail) throws Exception {
        Path drop = dropWithSamples("lab-results");
        Files.copy(drop.resolve("oru-0001.hl7"), drop.resolve("oru-boom.hl7"));
        Files.setLastModifiedTime(drop.resolve("oru-boom.hl7"), Files.getLastModifiedTime(drop.resolve("oru-0001.hl7")));
        Files.delete(drop.resolve("oru-0001.hl7"));
        System.setProperty("dmp.faults.fail-read", fault);
        RunReport r;
        try {
            r = ingest("lab-results", drop);
        } finally {
            System.clearProperty("dmp.faults.fail-read");
        }
        assertThat(outcome("lab-results", "oru-boom.hl7")).isEqualTo("QUARANTINED:INTERNAL_ERROR");
        assertThat(jdbc.queryForObject("SELECT detail FROM dmp.quarantine_entry q JOIN dmp.disposition d"
                + " ON d.claim_token = q.claim_token WHERE d.original_name = 'oru-boom.hl7'", String.class))
                .isEqualTo(detail);
        // the others as without the failure: sample-data's 66 files, 54 stored, 1 duplicate, 11 quarantined
        assertThat(r.files()).isEqualTo(66);
        assertThat(r.stored()).isEqualTo(53);
        assertThat(r.quarantined()).isEqualTo(12);
        assertThat(r.reasons()).containsEntry("INTERNAL_ERROR", 1L);
        Path reason = reasonFile(work.resolve("quarantine/lab-results"), "oru-boom.hl7");
        assertThat(Files.readString(reason)).contains("INTERNAL_ERROR").contains(detail);
    }
}
