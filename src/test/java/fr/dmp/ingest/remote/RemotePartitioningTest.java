package fr.dmp.ingest.remote;

import fr.dmp.ingest.ChildJvm;
import fr.dmp.ingest.cli.Cli;
import fr.dmp.ingest.store.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20: a manager and two worker JVMs against a real AMQP broker (the RabbitMQ at 127.0.0.1:5672) and one
 * PostgreSQL server (the one at 127.0.0.1:5432 in a fresh database, else an embedded one on a TCP port), the
 * feed's folders shared on this machine's file system. Each test has its own queue.
 */
class RemotePartitioningTest {

    private static final int FILES = 1200;
    private static String jdbcUrl;
    private static final List<String> queues = new ArrayList<>();
    private static String createdDatabase;
    private static EmbeddedPostgresServer embedded;

    @TempDir
    Path dir;

    @BeforeAll
    static void servers() throws Exception {
        Assumptions.assumeTrue(reachable(5672),
                "no AMQP broker at 127.0.0.1:5672 (an embedded Qpid broker for this case is not done yet, see docs/scale-out.md)");
        if (reachable(5432)) {
            createdDatabase = "dmp_remote_" + Long.toString(System.nanoTime(), 36);
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + createdDatabase);
            }
            jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/" + createdDatabase;
        } else {
            embedded = EmbeddedPostgresServer.start(null, false);
            jdbcUrl = embedded.jdbcUrl();
        }
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (createdDatabase != null) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + createdDatabase + " WITH (FORCE)");
            }
        }
        if (embedded != null) {
            embedded.close();
        }
        // each test's queue, so that the shared broker keeps nothing of the tests
        org.springframework.amqp.rabbit.connection.CachingConnectionFactory connections =
                new org.springframework.amqp.rabbit.connection.CachingConnectionFactory("127.0.0.1", 5672);
        try {
            org.springframework.amqp.rabbit.core.RabbitAdmin admin = new org.springframework.amqp.rabbit.core.RabbitAdmin(connections);
            queues.forEach(admin::deleteQueue);
        } finally {
            connections.destroy();
        }
    }

    private static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aRunSpreadsOverTwoWorkersAndTheOneKilledMidPartitionHasItsPartitionRunAgainEveryFileKeptOnce() throws Exception {
        Run run = new Run(dir, "kill");
        run.migrate();
        Process a = run.worker("a");
        Process b = run.worker("b");
        run.awaitLine("worker-a", "takes partitions from queue", 60);
        run.awaitLine("worker-b", "takes partitions from queue", 60);
        Process manager = run.manager();
        // kill -9 worker a while it is inside a partition (started, not ended), after it completed one
        long deadline = System.currentTimeMillis() + 90_000;
        boolean killed = false;
        while (System.currentTimeMillis() < deadline && manager.isAlive()) {
            String log = run.log("worker-a");
            long started = count(log, "started");
            long ended = count(log, "COMPLETED");
            if (ended >= 1 && started > ended) {
                a.destroyForcibly(); // SIGKILL
                killed = true;
                break;
            }
            Thread.sleep(20);
        }
        assertThat(killed).as("worker a was killed inside a partition").isTrue();
        assertThat(manager.waitFor(150, TimeUnit.SECONDS)).as("manager ends").isTrue();
        b.destroy();
        b.waitFor(20, TimeUnit.SECONDS);
        assertThat(manager.exitValue()).as(run.log("manager")).isZero();
        assertThat(run.log("worker-b")).contains("running it again");
        assertThat(count(run.log("worker-b"), "COMPLETED")).isPositive();
        run.everyFileKeptOnceEveryDocumentStoredOnce();
    }

    @Test
    void aWorkerOfAnotherBuildIsRefusedInOneLineAndTheRunCompletesWithTheOther() throws Exception {
        Run run = new Run(dir, "version");
        run.migrate();
        Process other = run.worker("other", "-Ddmp.jar-version=0.0.0-elsewhere");
        run.awaitLine("worker-other", "takes partitions from queue", 60);
        Process manager = run.manager();
        assertThat(other.waitFor(60, TimeUnit.SECONDS)).as("the other build's worker stops").isTrue();
        assertThat(other.exitValue()).isEqualTo(Cli.EXIT_CONFIGURATION);
        assertThat(run.log("worker-other").lines().filter(l -> l.contains("worker refused")).toList()).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("0.0.0-elsewhere").contains("start the workers from the manager's jar"));
        Process good = run.worker("good");
        assertThat(manager.waitFor(120, TimeUnit.SECONDS)).isTrue();
        good.destroy();
        good.waitFor(20, TimeUnit.SECONDS);
        assertThat(manager.exitValue()).as(run.log("manager")).isZero();
        run.everyFileKeptOnceEveryDocumentStoredOnce();
    }

    @Test
    void remoteModeRefusesTheEmbeddedDatabaseInOneLine() throws Exception {
        Run run = new Run(dir, "embedded");
        for (String command : List.of("worker", "ingest")) {
            ProcessBuilder pb = ChildJvm.builder(jdbcUrl, run.jobs, run.out, List.of("-Xmx128m"),
                    command.equals("worker") ? new String[] {"worker"} : new String[] {"ingest", "--feed", "lab-results", "--remote"});
            pb.environment().remove("SPRING_DATASOURCE_URL");
            Process p = ChildJvm.start(pb);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(Cli.EXIT_CONFIGURATION);
            assertThat(ChildJvm.output(pb).lines().filter(l -> l.startsWith("dmp-ingest: ")).toList()).singleElement()
                    .satisfies(l -> assertThat(l).contains("needs a PostgreSQL server"));
        }
    }

    private static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    /** One run's folders, feed file, queue and child JVMs. */
    private static final class Run {
        final Path jobs;
        final Path out;
        final Path drop;
        final Path work;
        final String queue;
        final List<String> names = new ArrayList<>();
        final java.util.Map<String, ProcessBuilder> builders = new java.util.HashMap<>();
        final Set<String> generated = new HashSet<>();

        Run(Path dir, String name) throws IOException {
            queue = "dmp-test-" + name + "-" + Long.toString(System.nanoTime(), 36);
            queues.add(queue);
            jobs = Files.createDirectories(dir.resolve("jobs"));
            out = Files.createDirectories(dir.resolve("out"));
            drop = Files.createDirectories(dir.resolve("drop"));
            work = Files.createDirectories(dir.resolve("work"));
            String feed = Files.readString(Path.of("jobs/lab-results.yml"))
                    .replaceAll("(?m)^drop:.*$", "drop: " + drop.toAbsolutePath())
                    .replaceAll("(?m)^work:.*$", "work: " + work.toAbsolutePath());
            Files.writeString(jobs.resolve("lab-results.yml"), feed);
            Path gen = dir.resolve("gen");
            // a seed per test: the tests share one database, and the same documents would be duplicates there
            int exit = Cli.run("generate", "--out", gen.toString(), "--count", String.valueOf(FILES),
                    "--seed", String.valueOf(1000 + Math.floorMod(name.hashCode(), 100_000)),
                    "--mix", "hl7=100");
            assertThat(exit).isZero();
            try (Stream<Path> s = Files.list(gen.resolve("lab-results"))) {
                for (Path p : s.toList()) {
                    Files.move(p, drop.resolve(p.getFileName()));
                    generated.add(p.getFileName().toString());
                }
            }
            assertThat(generated).hasSize(FILES);
        }

        private ProcessBuilder builder(String name, List<String> jvm, String... args) {
            List<String> all = new ArrayList<>(List.of(args));
            all.add("--dmp.remote.queue=" + queue);
            ProcessBuilder pb = ChildJvm.builder(jdbcUrl, jobs, out, jvm, all.toArray(new String[0]));
            if (embedded != null) {
                pb.environment().put("SPRING_FLYWAY_PASSWORD", embedded.ownerPassword());
                pb.environment().put("SPRING_DATASOURCE_PASSWORD", embedded.password("dmp_ingest"));
            }
            pb.redirectOutput(out.resolve(name + ".log").toFile());
            builders.put(name, pb);
            return pb;
        }

        /** The schema, as the owner, before any worker starts (workers never migrate). */
        void migrate() throws Exception {
            Process p = ChildJvm.start(builder("migrate", List.of("-Xmx256m"), "status"));
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(log("migrate")).isZero();
        }

        Process worker(String name, String... jvm) {
            List<String> options = new ArrayList<>(List.of("-Xmx384m"));
            options.addAll(List.of(jvm));
            return ChildJvm.start(builder("worker-" + name, options, "worker", "--dmp.remote.stale-after=6s",
                    "--dmp.chunk-size=50", "--logging.level.fr.dmp.ingest.remote=INFO"));
        }

        Process manager() {
            return ChildJvm.start(builder("manager", List.of("-Xmx384m"), "ingest", "--feed", "lab-results", "--remote",
                    "--quiet-period", "0s", "--dmp.partitions=24", "--dmp.remote.poll-interval=300ms",
                    "--dmp.remote.timeout=150s", "--dmp.chunk-size=50"));
        }

        String log(String name) {
            try {
                Path p = out.resolve(name + ".log");
                return Files.exists(p) ? Files.readString(p) : "";
            } catch (IOException e) {
                return "";
            }
        }

        void awaitLine(String name, String text, int seconds) throws InterruptedException {
            long deadline = System.currentTimeMillis() + seconds * 1000L;
            while (System.currentTimeMillis() < deadline) {
                if (log(name).contains(text)) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError(name + " did not say '" + text + "': " + log(name));
        }

        /** Every generated file archived or quarantined exactly once, nothing left behind, no document twice. */
        void everyFileKeptOnceEveryDocumentStoredOnce() throws Exception {
            assertThat(listFiles(drop, p -> true)).isEmpty();
            assertThat(listFiles(work.resolve("claim"), p -> true)).isEmpty();
            List<String> kept = new ArrayList<>();
            kept.addAll(listFiles(work.resolve("archive"), p -> true));
            kept.addAll(listFiles(work.resolve("quarantine"), p -> !p.getFileName().toString().endsWith(".reason.json")));
            assertThat(kept).hasSize(FILES).containsExactlyInAnyOrderElementsOf(generated);
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres",
                    embedded == null ? "" : embedded.ownerPassword());
                 Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM dmp.document),"
                         + " count(*), count(DISTINCT original_name), count(*) FILTER (WHERE outcome = 'DUPLICATE'),"
                         + " count(*) FILTER (WHERE outcome = 'STORED') FROM dmp.disposition"
                         + " WHERE job_execution_id = (SELECT max(job_execution_id) FROM dmp.disposition)")) { // this test's run
                r.next();
                assertThat(r.getLong(1)).as("documents").isPositive();
                assertThat(r.getLong(2)).as("one disposition per file").isEqualTo(FILES).isEqualTo(r.getLong(3));
                assertThat(r.getLong(4)).as("no file stored twice (a second storing would be a duplicate)").isZero();
                assertThat(r.getLong(5)).as("stored files").isPositive();
            }
        }

        private static List<String> listFiles(Path root, Predicate<Path> keep) throws IOException {
            if (!Files.exists(root)) {
                return List.of();
            }
            try (Stream<Path> s = Files.walk(root)) {
                return s.filter(Files::isRegularFile).filter(keep).map(p -> p.getFileName().toString()).toList();
            }
        }
    }
}
