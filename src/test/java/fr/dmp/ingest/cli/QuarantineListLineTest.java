package fr.dmp.ingest.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Round 9 attack 3: a line of {@code quarantine list} stays one line whatever the file's name. */
class QuarantineListLineTest {

    @Test
    void aQuarantineLineIsOneLineWhateverTheFileName() {
        var q = new fr.dmp.ingest.store.OperatorQueries.QuarantinedFile("tok", "lab-results", "a\nFAKE  line\u001b[2J.hl7", null,
                null, 1L, "FORMAT_CORRUPT", "d", 1L, java.time.Instant.parse("2026-12-04T00:00:00Z"), "OPEN");
        assertThat(QuarantineCommand.line(q)).doesNotContain("\n").doesNotContain("\u001b").contains("a\\x0aFAKE");
    }
}
