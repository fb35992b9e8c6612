package fr.dmp.ingest.cli;

import fr.dmp.ingest.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17/19, start-up: a usage error is told before Spring and the database start. The child is given a
 * database nobody listens on: if the unknown feed were found only once the store is up, the command would
 * stop with "database unreachable" (exit 1) instead of the feed's line (exit 3).
 */
class StartupTest {

    @TempDir
    Path work;

    @Test
    void anUnknownFeedIsRefusedBeforeTheDatabaseIsReached() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path jobs = Files.createDirectories(work.resolve("jobs"));
        Files.copy(Path.of("jobs/lab-results.yml"), jobs.resolve("lab-results.yml"));
        ProcessBuilder pb = ChildJvm.builder("jdbc:postgresql://127.0.0.1:" + closedPort + "/none", jobs, work,
                List.of("-Xmx128m"), "ingest", "--feed", "lab-result");
        Process p = ChildJvm.start(pb);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = ChildJvm.output(pb);
        assertThat(p.exitValue()).as(out).isEqualTo(Cli.EXIT_CONFIGURATION);
        assertThat(out).contains("unknown feed 'lab-result'").contains("are: lab-results").doesNotContain("unreachable");
    }
}
