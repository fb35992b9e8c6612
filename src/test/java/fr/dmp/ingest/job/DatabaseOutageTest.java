package fr.dmp.ingest.job;

import fr.dmp.ingest.ChildJvm;
import fr.dmp.ingest.tools.generate.CorpusGenerator;
import fr.dmp.ingest.tools.generate.CorpusManifest;
import fr.dmp.ingest.store.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stopped in the middle of a run: the run ends with one clear line and a non-zero exit,
 * nothing is lost (every file stays claimed or dropped, or was moved after its commit), and the next
 * run, with the database back, completes the work.
 */
class DatabaseOutageTest {

    @TempDir
    Path work;

    @Test
    void theRunStopsWithOneLineAndTheNextRunCompletesTheWork() throws Exception {
        int files = 800; // the outage comes after 200: 600 left for the next run (1,500 cost the suite 30 s for nothing more)
        Path corpus = work.resolve("corpus");
        CorpusManifest manifest = CorpusGenerator.generate(new CorpusGenerator.Options(corpus, files, 42L,
                Map.of(CorpusGenerator.Kind.HL7, 100), 2.0, 0));
        Path jobs = work.resolve("jobs");
        Files.createDirectories(jobs);
        Files.writeString(jobs.resolve("lab-results.yml"), Files.readString(Path.of("jobs/lab-results.yml"))
                .replaceFirst("(?m)^drop: .*$", "drop: " + corpus.resolve("lab-results"))
                .replaceFirst("(?m)^work: .*$", "work: " + work.resolve("var"))
                .replaceFirst("(?m)^quietPeriod: .*$", "quietPeriod: 0s"));
        Path data = work.resolve("db");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, false);
        int port = server.port();
                Path out = work.resolve("out");
        Files.createDirectories(out);

        ProcessBuilder first = ChildJvm.builder(server, jobs, out, List.of("-Xmx512m"), "ingest", "--feed", "lab-results",
                "--dmp.chunk-size=20", "--dmp.retries=2", "--dmp.retry-delay=200ms",
                "--spring.datasource.hikari.connection-timeout=2000");
        Path log = out.resolve("first.log");
        first.redirectOutput(log.toFile());
        Process run = ChildJvm.start(first);
        // stop the database once files are moving
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (remaining(corpus) > files - 200 && run.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(run.isAlive()).as("still running when the database goes").isTrue();
        server.close();
        assertThat(run.waitFor(3, TimeUnit.MINUTES)).as("the run ends by itself").isTrue();
        assertThat(run.exitValue()).isNotZero();
        List<String> errorLines = Files.readAllLines(log).stream().filter(l -> l.startsWith("dmp-ingest: ")).toList();
        assertThat(errorLines).hasSize(1);
        assertThat(errorLines.get(0)).contains("lab-results").contains("database unreachable");
        System.out.println("outage: " + errorLines.get(0));
        int left = remaining(corpus) + count(work.resolve("var/claim/lab-results"));
        assertThat(left).as("work left for the next run").isPositive();

        // the database is back: the next run completes the work
        server = EmbeddedPostgresServer.start(data, false, port);
        try {
            Process second = ChildJvm.start(ChildJvm.builder(server, jobs, out, List.of("-Xmx512m"), "ingest", "--feed", "lab-results"));
            assertThat(second.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(second.exitValue()).isZero();
            assertThat(remaining(corpus)).isZero();
            assertThat(count(work.resolve("var/claim/lab-results"))).isZero();
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.ownerUser(), server.ownerPassword())) {
                assertThat(scalar(c, "SELECT count(*) FROM dmp.disposition")).isEqualTo(files);
                assertThat(scalar(c, "SELECT count(*) FROM dmp.document")).isEqualTo(files - manifest.badFiles());
                assertThat(scalar(c, "SELECT coalesce(sum((report->>'files')::bigint), 0) FROM dmp.run_report")).isEqualTo(files);
                assertThat(scalar(c, "SELECT count(*) FROM batch.batch_job_execution WHERE status = 'STARTED'")).isZero();
            }
        } finally {
            server.close();
        }
    }

    private static long scalar(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int remaining(Path corpus) throws Exception {
        return count(corpus.resolve("lab-results"));
    }

    private static int count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(names::add);
        }
        return names.size();
    }
}
