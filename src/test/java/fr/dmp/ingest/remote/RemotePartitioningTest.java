package fr.dmp.ingest.remote;

import fr.dmp.ingest.ChildJvm;
import fr.dmp.ingest.cli.Cli;
import fr.dmp.ingest.store.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
 * Issue 20: a manager and two worker JVMs against a real AMQP broker and one PostgreSQL server (the one at
 * 127.0.0.1:5432 in a fresh database, else an embedded one on a TCP port), the feed's folders shared on this
 * machine's file system. The broker is the RabbitMQ at 127.0.0.1:5672 when it answers, else (or with
 * {@code -Dremote.broker=embedded}) an embedded Qpid Broker-J on a free port ({@link EmbeddedAmqpBroker}); the
 * broker-restart test always uses an embedded one, which it can stop and start again. The broker, the database and
 * its schema are shared by the tests; each test has its own queue.
 */
class RemotePartitioningTest {

    private static final int FILES = 600;
    /** Short child JVMs: start-up dominates them (as in the other CLI tests). */
    private static final List<String> FAST_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static String jdbcUrl;
    private static final List<String> queues = new ArrayList<>();
    private static String createdDatabase;
    private static EmbeddedPostgresServer embedded;
    /** The tests' broker: the machine's RabbitMQ (5672), or the embedded one. */
    private static int brokerPort;
    private static EmbeddedAmqpBroker embeddedBroker;
    /** A broker the restart test may stop: the embedded one above, or one of its own beside the RabbitMQ. */
    private static EmbeddedAmqpBroker restartable;
    private static boolean migrated;
    /** Every child JVM a test started: a failed test leaves none running (a worker runs until stopped). */
    private static final List<Process> children = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void servers() throws Exception {
        if ("embedded".equals(System.getProperty("remote.broker")) || !reachable(5672)) {
            embeddedBroker = EmbeddedAmqpBroker.start();
            brokerPort = embeddedBroker.port();
        } else {
            brokerPort = 5672;
        }
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
        if (restartable != null && restartable != embeddedBroker) {
            restartable.close();
        }
        if (embeddedBroker != null) {
            embeddedBroker.close(); // its queues go with it
            return;
        }
        // each test's queue, so that the machine's RabbitMQ keeps nothing of the tests
        org.springframework.amqp.rabbit.connection.CachingConnectionFactory connections =
                new org.springframework.amqp.rabbit.connection.CachingConnectionFactory("127.0.0.1", brokerPort);
        try {
            org.springframework.amqp.rabbit.core.RabbitAdmin admin = new org.springframework.amqp.rabbit.core.RabbitAdmin(connections);
            queues.forEach(admin::deleteQueue);
        } finally {
            connections.destroy();
        }
    }

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        children.clear();
    }

    private static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Issue 20: one run, three workers. The one of another build is refused at its first request in one line
     * (exit 3), having run nothing; worker a is killed (kill -9) inside a partition, which worker b runs again once
     * stale; the run ends with every file kept once and every document stored once. (One run for both faults: a
     * run of manager and workers costs half a minute.)
     */
    @Test
    void aRunSpreadsOverTwoWorkersTheKilledOnesPartitionIsRunAgainAndOneOfAnotherBuildIsRefusedEveryFileKeptOnce() throws Exception {
        Run run = new Run(dir, "kill", FILES, brokerPort);
        Process other = run.worker("other", "-Ddmp.jar-version=0.0.0-elsewhere");
        Process a = run.worker("a");
        Process b = run.worker("b");
        for (String worker : List.of("worker-other", "worker-a", "worker-b")) {
            run.awaitLine(worker, "takes partitions from queue", 60);
        }
        Process manager = run.manager("manager");
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
        assertThat(other.waitFor(60, TimeUnit.SECONDS)).as("the other build's worker stops").isTrue();
        assertThat(other.exitValue()).isEqualTo(Cli.EXIT_CONFIGURATION);
        assertThat(run.log("worker-other").lines().filter(l -> l.contains("worker refused")).toList()).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("0.0.0-elsewhere").contains("start the workers from the manager's jar"));
        assertThat(count(run.log("worker-other"), "started")).as("the refused worker ran nothing").isZero();
        assertThat(manager.waitFor(150, TimeUnit.SECONDS)).as("manager ends").isTrue();
        b.destroy();
        b.waitFor(20, TimeUnit.SECONDS);
        assertThat(manager.exitValue()).as(run.log("manager")).isZero();
        assertThat(run.log("worker-b")).contains("running it again");
        assertThat(count(run.log("worker-b"), "COMPLETED")).isPositive();
        run.everyFileKeptOnceEveryDocumentStoredOnce();
        // the console and the progress line see the files the workers decided (they read 0 of FILES before V42); the
        // killed worker may have been stopped between a chunk's commit and its count: one chunk (50) less at most
        try (Connection c = Run.owner();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT done + workers_done, workers_done, finished_at IS NOT NULL"
                     + " FROM dmp.run_progress WHERE feed = 'lab-results'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(1)).as("files done, published").isBetween((long) FILES - 50, (long) FILES);
            assertThat(r.getLong(2)).as("by the workers").isPositive();
            assertThat(r.getBoolean(3)).as("finished").isTrue();
        }
    }

    /**
     * Issue 20, faults: the broker (an embedded one, which forgets its queue and messages when stopped) stopped twice
     * mid-run. Back within dmp.remote.broker-wait, the manager sends again the requests of the partitions not begun
     * and the run goes on; away for longer, the manager stops in one line, exit 1, once the partitions in progress
     * have ended, and the next run finishes the work: every file kept once, every document stored once.
     */
    @Test
    void theBrokerRestartedMidRunTheRunGoesOnOrStopsInOneLineAndTheNextRunFinishesIt() throws Exception {
        if (restartable == null) {
            restartable = embeddedBroker != null ? embeddedBroker : EmbeddedAmqpBroker.start();
        }
        Run run = new Run(dir, "restart", FILES, restartable.port());
        Process a = run.worker("a");
        Process b = run.worker("b");
        run.awaitLine("worker-a", "takes partitions from queue", 60);
        run.awaitLine("worker-b", "takes partitions from queue", 60);
        Process first = run.manager("manager-1", "--dmp.remote.broker-wait=4s");
        try {
            run.await(() -> completed(run) >= 2, 90, "two partitions completed before the first stop");
            restartable.stop();
            Thread.sleep(1_500);
            restartable.startAgain(); // empty: the requests not yet taken are gone with the old one
            run.awaitLine("manager-1", "is back; sending again the requests", 30);
            int before = started(run);
            run.await(() -> started(run) > before || !first.isAlive(), 60, "a partition begun after the restart");
            assertThat(first.isAlive()).as("the run goes on after a short outage: " + run.log("manager-1")).isTrue();

            restartable.stop(); // now for longer than broker-wait
            assertThat(first.waitFor(90, TimeUnit.SECONDS)).as("the manager stops").isTrue();
        } finally {
            restartable.startAgain();
        }
        String out = run.log("manager-1");
        assertThat(first.exitValue()).as(out).isEqualTo(Cli.EXIT_CANNOT_RUN);
        assertThat(out.lines().filter(l -> l.startsWith("dmp-ingest: ")).toList()).as(out).singleElement()
                .satisfies(l -> assertThat(l).contains(":" + restartable.port() + " (virtual host /) was unreachable for more than 4s (")
                        .contains("run 'ingest --feed lab-results --remote' again to finish"));
        assertThat(out).as("no stack trace, no step error").doesNotContain("\tat ").doesNotContain("Caused by")
                .doesNotContain("ERROR").doesNotContain("Exception");

        Process second = run.manager("manager-2");
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the next run ends").isTrue();
        a.destroy();
        b.destroy();
        a.waitFor(20, TimeUnit.SECONDS);
        b.waitFor(20, TimeUnit.SECONDS);
        assertThat(second.exitValue()).as(run.log("manager-2")).isZero();
        for (String worker : List.of("worker-a", "worker-b")) {
            assertThat(run.log(worker)).as("a worker says in one line each that it lost the broker and found it again")
                    .contains("the broker connection is lost").contains("the broker connection is back")
                    .doesNotContain("\tat ");
        }
        run.everyFileKeptOnceEveryDocumentStoredOnce();
    }

    /**
     * Round 13, a tester's faults, in one run that no good worker serves at first: the manager says in one line that
     * no worker takes its requests; a purged queue's requests are sent again; a worker sealing under a key of its own,
     * and one on another database, are each refused in one line (exit 3), having run nothing; SIGTERM stops the
     * manager (it polled for ever: Spring Batch 6 marks the job STOPPED, not STOPPING), its partitions not begun
     * abandoned; the next run, with a good worker, finishes the work, every file kept once.
     */
    @Test
    void aManagerWithoutWorkersSaysSoResendsAPurgedQueueStopsOnSigtermAndRefusesWorkersOfAnotherKeyOrDatabase() throws Exception {
        Run run = new Run(dir, "term", 200, brokerPort);
        Process manager = run.manager("manager-1");
        run.awaitLine("manager-1", "no worker takes requests from the queue " + run.queue, 60);
        org.springframework.amqp.rabbit.connection.CachingConnectionFactory connections =
                new org.springframework.amqp.rabbit.connection.CachingConnectionFactory("127.0.0.1", brokerPort);
        try {
            new org.springframework.amqp.rabbit.core.RabbitAdmin(connections).purgeQueue(run.queue, false);
        } finally {
            connections.destroy();
        }
        run.awaitLine("manager-1", "holds none of the requests of the", 60);

        // a worker given a key of its own (the site's key kept, a new one appended: it would seal under the new one)
        Path ownKeys = dir.resolve("own.keys");
        Files.copy(fr.dmp.ingest.TestKeys.file(), ownKeys);
        fr.dmp.ingest.store.ContentKeys.appendNewKey(ownKeys, "k9");
        ProcessBuilder keyedBuilder = run.builder("worker-keyed", List.of("-Xmx384m"), "worker", "--dmp.chunk-size=50");
        keyedBuilder.command().replaceAll(a -> a.startsWith("--dmp.crypto.key-file=") ? "--dmp.crypto.key-file=" + ownKeys : a);
        Process keyed = started(ChildJvm.start(keyedBuilder));
        assertThat(keyed.waitFor(90, TimeUnit.SECONDS)).as("the worker of another key stops").isTrue();
        assertThat(keyed.exitValue()).as(run.log("worker-keyed")).isEqualTo(Cli.EXIT_CONFIGURATION);
        assertThat(run.log("worker-keyed").lines().filter(l -> l.startsWith("dmp-ingest: ")).toList()).singleElement()
                .satisfies(l -> assertThat(l).contains("would seal under content key 'k9'").contains("give the workers the manager's keys"));

        // a worker on another database of the same server, migrated
        String other = "dmp_remote_other_" + Long.toString(System.nanoTime(), 36);
        try (Connection c = Run.owner(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + other);
        }
        String otherUrl = jdbcUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + other + "$1");
        try {
            ProcessBuilder migrate = run.builder("migrate-other", List.of("-Xmx256m"), "status");
            migrate.environment().put("SPRING_DATASOURCE_URL", otherUrl);
            Process m = started(ChildJvm.start(migrate));
            assertThat(m.waitFor(90, TimeUnit.SECONDS)).isTrue();
            ProcessBuilder elsewhere = run.builder("worker-elsewhere", List.of("-Xmx384m"), "worker", "--dmp.chunk-size=50");
            elsewhere.environment().put("SPRING_DATASOURCE_URL", otherUrl);
            Process w = started(ChildJvm.start(elsewhere));
            assertThat(w.waitFor(90, TimeUnit.SECONDS)).as("the worker of another database stops").isTrue();
            assertThat(w.exitValue()).as(run.log("worker-elsewhere")).isEqualTo(Cli.EXIT_CONFIGURATION);
            assertThat(run.log("worker-elsewhere").lines().filter(l -> l.startsWith("dmp-ingest: ")).toList()).singleElement()
                    .satisfies(l -> assertThat(l).contains("of database " + jdbcUrl.replaceFirst(".*/([^/?]+).*", "$1"))
                            .contains("which this worker's database " + other + " does not hold"));
            // round 32, a tester: a virtual host that does not exist said "worker: ...ShutdownSignalException", exit 3
            Process vhost = started(ChildJvm.start(run.builder("worker-vhost", List.of("-Xmx384m"), "worker",
                    "--spring.rabbitmq.virtual-host=no-such-vhost")));
            assertThat(vhost.waitFor(90, TimeUnit.SECONDS)).as("the worker on a missing virtual host stops").isTrue();
            assertThat(vhost.exitValue()).as(run.log("worker-vhost")).isEqualTo(Cli.EXIT_CANNOT_RUN);
            assertThat(run.log("worker-vhost").lines().filter(l -> l.startsWith("dmp-ingest: ")).toList()).singleElement()
                    .satisfies(l -> assertThat(l).contains("(virtual host no-such-vhost) refused or did not answer (")
                            .doesNotContain("Exception"));
            assertThat(count(run.log("worker-elsewhere"), "given back to the queue")).as("no loop of warnings").isZero();
        } finally {
            try (Connection c = Run.owner(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + other + " WITH (FORCE)");
            }
        }
        assertThat(manager.isAlive()).as(run.log("manager-1")).isTrue();

        manager.destroy(); // SIGTERM
        assertThat(manager.waitFor(60, TimeUnit.SECONDS)).as("the manager stops on SIGTERM: " + run.log("manager-1")).isTrue();
        assertThat(manager.exitValue()).as(run.log("manager-1")).isEqualTo(Cli.EXIT_SIGTERM);
        try (Connection c = Run.owner(); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT count(*) FILTER (WHERE status IN ('STARTING', 'STARTED')),"
                     + " count(*) FILTER (WHERE status = 'ABANDONED') FROM batch.batch_step_execution"
                     + " WHERE step_name LIKE 'process-partition%' AND job_execution_id > " + run.before)) {
            r.next();
            assertThat(r.getLong(1)).as("no partition left waiting").isZero();
            assertThat(r.getLong(2)).as("the partitions not begun are abandoned").isPositive();
        }

        Process good = run.worker("good");
        run.awaitLine("worker-good", "takes partitions from queue", 60);
        Process second = run.manager("manager-2");
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the next run ends").isTrue();
        good.destroy();
        good.waitFor(20, TimeUnit.SECONDS);
        assertThat(second.exitValue()).as(run.log("manager-2")).isZero();
        run.everyFileKeptOnceEveryDocumentStoredOnce();
    }

    @Test
    void remoteModeRefusesTheEmbeddedDatabaseInOneLine() throws Exception {
        Run run = new Run(dir, "embedded", 0, brokerPort);
        for (String command : List.of("worker", "ingest")) {
            ProcessBuilder pb = ChildJvm.builder(jdbcUrl, run.jobs, run.out, FAST_JVM,
                    command.equals("worker") ? new String[] {"worker"} : new String[] {"ingest", "--feed", "lab-results", "--remote"});
            pb.environment().remove("SPRING_DATASOURCE_URL");
            Process p = started(ChildJvm.start(pb));
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(Cli.EXIT_CONFIGURATION);
            assertThat(ChildJvm.output(pb).lines().filter(l -> l.startsWith("dmp-ingest: ")).toList()).singleElement()
                    .satisfies(l -> assertThat(l).contains("needs a PostgreSQL server"));
        }
    }

    private static int completed(Run run) {
        return (int) (count(run.log("worker-a"), "COMPLETED") + count(run.log("worker-b"), "COMPLETED"));
    }

    private static int started(Run run) {
        return (int) (count(run.log("worker-a"), ": started") + count(run.log("worker-b"), ": started"));
    }

    private static Process started(Process p) {
        children.add(p);
        return p;
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
        final int files;
        final int port;
        /** The last job execution before this run's: its dispositions are those of later ones. */
        final long before;

        Run(Path dir, String name, int files, int port) throws Exception {
            this.files = files;
            this.port = port;
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
            if (!migrated) {
                migrate();
                migrated = true;
            }
            before = lastJobExecution();
            if (files == 0) {
                return;
            }
            Path gen = dir.resolve("gen");
            // a seed per test: the tests share one database, and the same documents would be duplicates there
            int exit = Cli.run("generate", "--out", gen.toString(), "--count", String.valueOf(files),
                    "--seed", String.valueOf(1000 + Math.floorMod(name.hashCode(), 100_000)),
                    "--mix", "hl7=100");
            assertThat(exit).isZero();
            try (Stream<Path> s = Files.list(gen.resolve("lab-results"))) {
                for (Path p : s.toList()) {
                    Files.move(p, drop.resolve(p.getFileName()));
                    generated.add(p.getFileName().toString());
                }
            }
            assertThat(generated).hasSize(files);
        }

        private long lastJobExecution() throws Exception {
            try (Connection c = owner(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT coalesce(max(job_execution_id), 0) FROM batch.batch_job_execution")) {
                r.next();
                return r.getLong(1);
            }
        }

        static Connection owner() throws Exception {
            return DriverManager.getConnection(jdbcUrl, "postgres", embedded == null ? "" : embedded.ownerPassword());
        }

        ProcessBuilder builder(String name, List<String> jvm, String... args) {
            List<String> all = new ArrayList<>(List.of(args));
            all.add("--dmp.remote.queue=" + queue);
            all.add("--spring.rabbitmq.port=" + port);
            List<String> options = new ArrayList<>(FAST_JVM);
            options.addAll(jvm);
            ProcessBuilder pb = ChildJvm.builder(jdbcUrl, jobs, out, options, all.toArray(new String[0]));
            // the product's class path: Qpid (and its Bouncy Castle) are the test JVM's broker, not the app's
            List<String> command = pb.command();
            int cp = command.indexOf("-cp") + 1;
            command.set(cp, java.util.Arrays.stream(command.get(cp).split(java.io.File.pathSeparator))
                    .filter(e -> !e.contains("/org/apache/qpid/") && !e.contains("/org/bouncycastle/"))
                    .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
            if (embedded != null) {
                pb.environment().put("SPRING_FLYWAY_PASSWORD", embedded.ownerPassword());
                pb.environment().put("SPRING_DATASOURCE_PASSWORD", embedded.password("dmp_ingest"));
            }
            pb.redirectOutput(out.resolve(name + ".log").toFile());
            builders.put(name, pb);
            return pb;
        }

        /** The schema, as the owner, once for the tests, before any worker starts (workers never migrate). */
        void migrate() throws Exception {
            Process p = started(ChildJvm.start(builder("migrate", List.of("-Xmx256m"), "status")));
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(log("migrate")).isZero();
        }

        Process worker(String name, String... jvm) {
            List<String> options = new ArrayList<>(List.of("-Xmx384m"));
            options.addAll(List.of(jvm));
            return started(ChildJvm.start(builder("worker-" + name, options, "worker", "--dmp.remote.stale-after=6s", "--dmp.remote.reconnect-every=1s",
                    "--dmp.chunk-size=50", "--logging.level.fr.dmp.ingest.remote=INFO")));
        }

        Process manager(String name, String... more) {
            List<String> args = new ArrayList<>(List.of("ingest", "--feed", "lab-results", "--remote",
                    "--quiet-period", "0s", "--dmp.partitions=24", "--dmp.remote.poll-interval=300ms",
                    "--dmp.remote.timeout=150s", "--dmp.remote.stale-after=6s", "--dmp.chunk-size=50"));
            args.addAll(List.of(more));
            return started(ChildJvm.start(builder(name, List.of("-Xmx384m"), args.toArray(new String[0]))));
        }

        void await(java.util.function.BooleanSupplier condition, int seconds, String what) throws InterruptedException {
            long deadline = System.currentTimeMillis() + seconds * 1000L;
            while (!condition.getAsBoolean()) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("not seen in " + seconds + " s: " + what);
                }
                Thread.sleep(50);
            }
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
            assertThat(kept).hasSize(files).containsExactlyInAnyOrderElementsOf(generated);
            try (Connection c = owner();
                 Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM dmp.document),"
                         + " count(*), count(DISTINCT original_name), count(*) FILTER (WHERE outcome = 'DUPLICATE'),"
                         + " count(*) FILTER (WHERE outcome = 'STORED') FROM dmp.disposition"
                         + " WHERE job_execution_id > " + before)) { // this test's run(s)
                r.next();
                assertThat(r.getLong(1)).as("documents").isPositive();
                assertThat(r.getLong(2)).as("one disposition per file").isEqualTo(files).isEqualTo(r.getLong(3));
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
