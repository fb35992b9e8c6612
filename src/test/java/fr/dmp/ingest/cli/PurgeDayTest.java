package fr.dmp.ingest.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 28, an operator: {@code purge --today 2099-01-01} deleted every document and the kept files of every claim of
 * the install (their keys destroyed). A purge catches up past days only: a later day is a usage error, told before
 * anything starts; with {@code --dry-run} it may look ahead.
 */
class PurgeDayTest {

    @Test
    void aDayAfterTodayIsRefusedBeforeAnythingStarts() {
        String tomorrow = LocalDate.now(ZoneId.of("Europe/Paris")).plusDays(2).toString();
        for (String day : new String[] {"2099-01-01", tomorrow}) {
            int[] exit = {0};
            String err = captured(() -> exit[0] = Cli.run("purge", "--today", day));
            assertThat(exit[0]).as(day).isEqualTo(Cli.EXIT_USAGE);
            assertThat(err).as(day).contains("purge --today " + day + " is after today").contains("--dry-run");
        }
    }

    /** Round 33, an operator: a day that does not exist printed a DateTimeParseException and the whole usage. */
    @Test
    void aDayThatDoesNotExistIsOneLine() {
        int[] exit = {0};
        String err = captured(() -> exit[0] = Cli.run("purge", "--today", "2026-02-30"));
        assertThat(exit[0]).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.strip()).isEqualTo("dmp-ingest: purge --today must be a day such as 2026-11-30 (got '2026-02-30')");
    }

    private static String captured(Runnable r) {
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            r.run();
            return buffer.toString(StandardCharsets.UTF_8);
        } finally {
            System.setErr(err);
        }
    }
}
