package fr.dmp.ingest.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A new console user's password (round 9 console attack: weak passwords accepted). */
class ConsolePasswordsTest {

    @Test
    void shortRepeatedOrNamedPasswordsAreRefusedWithTheReason() {
        assertThat(ConsolePasswords.refusal("alice", "short-pass".toCharArray())).contains("at least 12 characters");
        assertThat(ConsolePasswords.refusal("alice", "aaaaaaaaaaaa".toCharArray())).contains("different characters");
        assertThat(ConsolePasswords.refusal("alice", "abababababab1".toCharArray())).contains("different characters");
        assertThat(ConsolePasswords.refusal("alice", "Alice-2026-console".toCharArray())).contains("user's name");
        assertThat(ConsolePasswords.refusal("alice", "vert-cheval-pile-agrafe".toCharArray())).isNull();
        // round 28: bcrypt reads 72 bytes; a longer password failed with an exception, and its end was never checked
        assertThat(ConsolePasswords.refusal("alice", ("vert-cheval-pile-agrafe-" + "é".repeat(25)).toCharArray()))
                .contains("at most 72 bytes");
    }
}
