package fr.dmp.ingest.job;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** Round 14 retest: a drop folder the job could not rename in ended in "FAILED: java.io.IOException" alone. */
class SafeMessagesTest {

    @Test
    void whatTheSystemSaidIsGivenWithoutAnyPath() {
        RuntimeException claim = new RuntimeException("chunk", new IOException("claim failed",
                new FileSystemException("/drop/DUPONT Jean.hl7", "/claim/j1-x_DUPONT Jean.hl7", "Operation not permitted")));
        assertThat(SafeMessages.describe(claim)).isEqualTo("java.nio.file.FileSystemException: Operation not permitted")
                .doesNotContain("DUPONT");
        assertThat(SafeMessages.describe(new RuntimeException(new IOException("No space left on device"))))
                .isEqualTo("java.io.IOException: No space left on device");
        assertThat(SafeMessages.describe(new RuntimeException(new IOException("cannot read /drop/DUPONT Jean.hl7"))))
                .isEqualTo("java.io.IOException");
    }
}
