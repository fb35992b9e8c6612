package fr.dmp.ingest.cli;

import fr.dmp.ingest.ChildJvm;
import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.store.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, the nightly schedule: the commands of the systemd unit in docs/operations.md (its
 * {@code ExecStart} lines, read from the page itself) and of its cron line run as written, in their own
 * JVM, on sample data, and exit 0; so the recipe cannot drift from the command line.
 */
class NightlyRecipeTest extends PipelineTestSupport {

    private static final Pattern EXEC_START = Pattern.compile("(?m)^ExecStart=/srv/dmp-ingest/bin/dmp-ingest (.+)$");
    private static final Pattern CRON_COMMANDS = Pattern.compile("bin/dmp-ingest ([a-z -]+?)(?= &&|')");

    @Autowired
    EmbeddedPostgresServer postgres;

    static List<List<String>> commands(Pattern p, String page) {
        List<List<String>> out = new ArrayList<>();
        Matcher m = p.matcher(page);
        while (m.find()) {
            out.add(Arrays.asList(m.group(1).strip().split(" +")));
        }
        return out;
    }

    @Test
    void theUnitsAndTheCronLinesCommandsRunAsWrittenAndExitZero() throws Exception {
        String page = Files.readString(Path.of("docs/operations.md"));
        List<List<String>> unit = commands(EXEC_START, page);
        List<List<String>> cron = commands(CRON_COMMANDS, page);
        assertThat(unit).containsExactly(List.of("ingest", "--feed", "all"), List.of("purge"));
        assertThat(cron).isEqualTo(unit); // the cron line runs the same two commands

        Path drop = work.resolve("drop");
        copyTree(Path.of("sample-data/lab-results"), drop);
        Path jobs = Files.createDirectories(work.resolve("jobs"));
        Files.writeString(jobs.resolve("lab-results.yml"), Files.readString(Path.of("jobs/lab-results.yml"))
                .replaceFirst("(?m)^drop: .*$", "drop: " + drop)
                .replaceFirst("(?m)^work: .*$", "work: " + work.resolve("var"))
                .replaceFirst("(?m)^quietPeriod: .*$", "quietPeriod: 0s"));
        Path out = Files.createDirectories(work.resolve("out"));
        for (List<String> command : unit) {
            ProcessBuilder pb = ChildJvm.builder(postgres, jobs, out, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), command.toArray(String[]::new));
            Process p = ChildJvm.start(pb);
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
            assertThat(p.exitValue()).as(ChildJvm.output(pb)).isZero();
        }
        assertThat(count("SELECT count(*) FROM dmp.disposition WHERE feed = 'lab-results'")).isPositive();
        try (var reports = Files.list(out.resolve("reports"))) {
            assertThat(reports.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("lab-results-") && n.endsWith(".json"));
        }
    }
}
