package fr.dmp.ingest.cli;

import fr.dmp.ingest.ChildJvm;
import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.store.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's commands (issue 17) as an operator runs them, each in its own JVM against the test's
 * PostgreSQL: {@code status}, the end of {@code ingest}, {@code quarantine list|show|requeue|handled},
 * {@code document show|find} as the reader role, and every way a command stops with its exit code.
 */
class OperatorCommandsTest extends PipelineTestSupport {

    @Autowired
    EmbeddedPostgresServer postgres;

    record Run(int exit, String output) {
        List<String> errorLines() {
            return output.lines().filter(l -> l.startsWith("dmp-ingest: ")).toList();
        }
    }

    private Run cli(Path jobs, Map<String, String> env, String... args) throws Exception {
        return cli(postgres.jdbcUrl(), jobs, env, args);
    }

    private Run cli(String jdbcUrl, Path jobs, Map<String, String> env, String... args) throws Exception {
        Path out = Files.createDirectories(work.resolve("out-" + System.nanoTime()));
        ProcessBuilder pb = ChildJvm.builder(jdbcUrl, jobs, out, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), args);
        passwords(pb);
        pb.environment().putAll(env);
        String role = env.get("SPRING_DATASOURCE_USERNAME");
        if (role != null) {
            pb.environment().put("SPRING_DATASOURCE_PASSWORD", postgres.password(role)); // the embedded store asks for it
        }
        Process p = ChildJvm.start(pb);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the command ends").isTrue();
        return new Run(p.exitValue(), ChildJvm.output(pb));
    }

    /** The embedded store asks every role for its password (issue 16): give the child the owner's and the job's. */
    private void passwords(ProcessBuilder pb) {
        pb.environment().put("SPRING_FLYWAY_PASSWORD", postgres.ownerPassword());
        pb.environment().put("SPRING_DATASOURCE_PASSWORD", postgres.password("dmp_ingest"));
    }

    private Run cli(Path jobs, String... args) throws Exception {
        return cli(jobs, Map.of(), args);
    }

    private Path drop() throws Exception {
        return Files.createDirectories(work.resolve("drop/lab-results"));
    }

    /** jobs/lab-results.yml pointed at the test's folders, with a 10 minute quiet period. */
    private Path jobs(String... extraFeeds) throws Exception {
        Path jobs = Files.createDirectories(work.resolve("jobs"));
        Files.writeString(jobs.resolve("lab-results.yml"), Files.readString(Path.of("jobs/lab-results.yml"))
                .replaceFirst("(?m)^drop: .*$", "drop: " + drop())
                .replaceFirst("(?m)^work: .*$", "work: " + work.resolve("var"))
                .replaceFirst("(?m)^quietPeriod: .*$", "quietPeriod: 10m"));
        return jobs;
    }

    private void dropOld(String sample) throws Exception {
        Path target = drop().resolve(sample);
        Files.copy(Path.of("sample-data/lab-results").resolve(sample), target);
        Files.setLastModifiedTime(target, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    }

    /** The reason files under the test's quarantine, for an assertion's message (a sample seen FORMAT_CORRUPT once). */
    private String reasonFiles() {
        StringBuilder why = new StringBuilder();
        try (var files = Files.walk(work.resolve("var"))) {
            for (Path f : files.filter(p -> p.toString().contains("quarantine") && p.getFileName().toString().endsWith(".reason.json")).toList()) {
                why.append('\n').append(f.getFileName()).append(": ").append(Files.readString(f));
            }
        } catch (Exception e) {
            why.append("\nno reason file (").append(e.getClass().getSimpleName()).append(")");
        }
        return why.toString();
    }

    /** Two complete files (one good, one bad INS key), one still in its quiet period, one upload in progress. */
    private Path scenario() throws Exception {
        Path jobs = jobs();
        dropOld("oru-0001.hl7");
        dropOld("bad-ins-key.hl7");
        Files.copy(Path.of("sample-data/lab-results/oru-0002.hl7"), drop().resolve("oru-0002.hl7")); // modified now
        Files.writeString(drop().resolve("oru-0003.hl7.part"), "MSH|");
        Files.setLastModifiedTime(drop().resolve("oru-0003.hl7.part"), FileTime.from(Instant.now().minus(Duration.ofMinutes(30))));
        Run r = cli(jobs, "ingest", "--feed", "lab-results");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).as(() -> r.output() + reasonFiles()).contains("2 files, 1 stored, 0 duplicates, 1 quarantined")
                // the end of a run says what it left in the drop, and why (issue 17)
                .contains("feed lab-results: 2 file(s) waiting in the drop (1 in their quiet period, 1 upload(s) in progress")
                .contains("the oldest for 30m");
        return jobs;
    }

    /**
     * Round 33, an operator: started without a UTF-8 locale (cron leaves LANG unset), a run failed on an accented file
     * name every night (InvalidPathException), printing the name. The file waits, said as such; the others are taken.
     */
    @Test
    void aNameTheLocaleCannotWriteWaitsSaidAsSuchAndTheOthersAreTaken() throws Exception {
        Path jobs = jobs();
        dropOld("oru-0001.hl7");
        Path accented = drop().resolve("r\u00e9sultat-\u00e9lodie.hl7");
        Files.copy(Path.of("sample-data/lab-results/oru-0002.hl7"), accented);
        Files.setLastModifiedTime(accented, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Run r = cli(jobs, Map.of("LANG", "C", "LC_ALL", "C"), "ingest", "--feed", "lab-results");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("1 files, 1 stored").contains("1 name(s) this locale cannot write")
                .doesNotContain("sultat").doesNotContain("lodie").doesNotContain("InvalidPathException");
        assertThat(accented).exists();
    }

    /** Round 34, a tester (HAPI's test files): a quarantined file's message stored all the same went unmentioned. */
    @Test
    void quarantineShowSaysWhichItemsOfTheFileWereStoredAllTheSame() throws Exception {
        Path jobs = jobs();
        Path mixed = drop().resolve("mixed.hl7");
        Files.write(mixed, concat(Files.readAllBytes(Path.of("sample-data/lab-results/oru-0002.hl7")),
                Files.readAllBytes(Path.of("sample-data/lab-results/bad-ins-key.hl7"))));
        Files.setLastModifiedTime(mixed, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        assertThat(cli(jobs, "ingest", "--feed", "lab-results").exit()).isZero();
        Run show = cli(jobs, "quarantine", "show", "mixed.hl7");
        assertThat(show.exit()).as(show.output()).isZero();
        assertThat(show.output()).contains("item 2: INS_INVALID")
                .contains("stored all the same: item 1 (in the patient's record; a requeue finds it a duplicate)");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void statusShowsTheLastRunWhatWaitsAndWhyTheClaimsAndTheOpenQuarantine() throws Exception {
        Path jobs = scenario();
        Run s = cli(jobs, "status");
        assertThat(s.exit()).as(s.output()).isZero();
        assertThat(s.output()).contains("feed lab-results")
                .containsPattern("last run: job execution \\d+ started .*COMPLETED: 2 files, 1 stored, 0 duplicates, 1 quarantined")
                .contains("waiting: 2 file(s) waiting in the drop (1 in their quiet period, 1 upload(s) in progress")
                .contains("in claim: 0 file(s)")
                .contains("jobs left STARTED: none")
                .contains("quarantine: 1 open {INS_INVALID=1}");
        assertThat(s.output()).as("no file name in status").doesNotContain("bad-ins-key").doesNotContain("oru-0002");
    }

    @Test
    void aQuarantinedFileIsListedShownRequeuedUnderItsOwnNameAndItsHistoryKept() throws Exception {
        Path jobs = scenario();
        Run list = cli(jobs, "quarantine", "list", "--feed", "lab-results", "--reason", "INS_INVALID");
        assertThat(list.exit()).as(list.output()).isZero();
        assertThat(list.output()).contains("INS_INVALID").contains("OPEN").contains("bad-ins-key.hl7").contains("1 file(s) open");
        String token = jdbc.queryForObject("SELECT claim_token FROM dmp.disposition WHERE original_name = 'bad-ins-key.hl7'", String.class);
        assertThat(cli(jobs, "quarantine", "list", "--reason", "DATE_INVALID").output()).contains("0 file(s) open");
        assertThat(cli(jobs, "quarantine", "list", "--since", "2999-01-01").output()).contains("0 file(s) open");

        Run show = cli(jobs, "quarantine", "show", token);
        assertThat(show.exit()).as(show.output()).isZero();
        assertThat(show.output()).contains("claim " + token).contains("INS_INVALID").contains("item 1: INS_INVALID")
                .contains("QUARANTINED INS_INVALID");

        Run requeue = cli(jobs, "quarantine", "requeue", "bad-ins-key.hl7");
        assertThat(requeue.exit()).as(requeue.output()).isZero();
        assertThat(drop().resolve("bad-ins-key.hl7")).as("back in its feed's drop folder under its own name").exists();
        assertThat(drop().resolve("bad-ins-key.hl7")).as("opened from its seal, byte for byte")
                .hasSameBinaryContentAs(Path.of("sample-data/lab-results/bad-ins-key.hl7"));
        assertThat(work.resolve("var/quarantine/lab-results").resolve(token).resolve("bad-ins-key.hl7")).doesNotExist();
        assertThat(Files.readString(work.resolve("var/quarantine/lab-results").resolve(token + ".reason.json")))
                .contains("\"closed\"").contains("\"REQUEUED\"").contains(System.getProperty("user.name"));
        assertThat(jdbc.queryForList("SELECT DISTINCT closed_as FROM dmp.quarantine_entry WHERE claim_token = ?", String.class, token))
                .containsExactly("REQUEUED");
        assertThat(jdbc.queryForObject("SELECT os_user FROM dmp.quarantine_action WHERE claim_token = ? AND action = 'REQUEUED'",
                String.class, token)).as("who: the OS user").isEqualTo(System.getProperty("user.name"));

        Run again = cli(jobs, "quarantine", "requeue", token);
        assertThat(again.exit()).as("a closed file cannot be requeued twice").isEqualTo(Cli.EXIT_CANNOT_RUN);
        assertThat(again.errorLines()).singleElement().asString().contains("already REQUEUED");

        // the next run takes it again (after its quiet period: 0s here) and quarantines it under a new token
        Run rerun = cli(jobs, "ingest", "--feed", "lab-results", "--quiet-period", "0s");
        assertThat(rerun.exit()).as(rerun.output()).isZero();
        Run history = cli(jobs, "quarantine", "show", "bad-ins-key.hl7");
        assertThat(history.output().lines().filter(l -> l.startsWith("claim "))).hasSize(2);
        assertThat(history.output()).contains("REQUEUED  claim " + token + "  by " + System.getProperty("user.name"));

        String second = jdbc.queryForObject("SELECT claim_token FROM dmp.disposition WHERE original_name = 'bad-ins-key.hl7'"
                + " AND claim_token <> ?", String.class, token);
        Run handled = cli(jobs, "quarantine", "handled", "bad-ins-key.hl7", "--comment", "asked the lab to resend");
        assertThat(handled.exit()).as(handled.output()).isZero();
        assertThat(jdbc.queryForObject("SELECT comment FROM dmp.quarantine_action WHERE claim_token = ? AND action = 'HANDLED'",
                String.class, second)).isEqualTo("asked the lab to resend");
        assertThat(work.resolve("var/quarantine/lab-results").resolve(second).resolve("bad-ins-key.hl7"))
                .as("a handled file stays kept").exists();
        assertThat(cli(jobs, "quarantine", "list").output()).contains("0 file(s) open");
        assertThat(cli(jobs, "quarantine", "handled", "x", "--comment", " ").exit()).isEqualTo(Cli.EXIT_USAGE);
        // round 26 (a tester): an INS, a birth date and terminal escapes went into the reason file, kept a year
        for (String comment : new String[] {"patient 2690599123456 78 rappelé", "né le 12/03/1961", "\u001b[31mrouge"}) {
            Run refused = cli(jobs, "quarantine", "handled", "x", "--comment", comment);
            assertThat(refused.exit()).as(comment).isEqualTo(Cli.EXIT_USAGE);
            assertThat(refused.output()).doesNotContain("2690599123456").doesNotContain("12/03/1961");
        }
    }

    @Test
    void documentFindAndShowGiveTheStoredMetadataAsTheReaderNeverTheContent() throws Exception {
        Path jobs = scenario();
        Map<String, String> reader = Map.of("SPRING_DATASOURCE_USERNAME", "dmp_reader");
        Run find = cli(jobs, reader, "document", "find", "--file", "oru-0001.hl7");
        assertThat(find.exit()).as(find.output()).isZero();
        assertThat(find.output()).contains("lab-results/oru-0001.hl7").contains("11502-2").contains("1 document(s)");
        long id = jdbc.queryForObject("SELECT id FROM dmp.document WHERE source_file = 'oru-0001.hl7'", Long.class);
        String controlId = jdbc.queryForObject("SELECT message_control_id FROM dmp.document WHERE id = ?", String.class, id);
        String ins = jdbc.queryForObject("SELECT p.ins FROM dmp.document d JOIN dmp.dossier p ON p.id = d.dossier_id WHERE d.id = ?",
                String.class, id);
        assertThat(cli(jobs, reader, "document", "find", "--control-id", controlId).output()).contains("1 document(s)");
        assertThat(cli(jobs, reader, "document", "find", "--ins", ins).output()).contains("oru-0001.hl7");
        String accessed = "SELECT count(*) FROM dmp.audit_event a JOIN dmp.document d ON d.document_uid = a.document_uid"
                + " WHERE d.id = ? AND a.action = 'ACCESSED'";
        long before = jdbc.queryForObject(accessed, Long.class, id);
        Run show = cli(jobs, reader, "document", "show", String.valueOf(id));
        assertThat(show.exit()).as(show.output()).isZero();
        // rules.md R17: one read, one trace (round 15: show read the document, then its set, and traced it twice)
        assertThat(jdbc.queryForObject(accessed, Long.class, id)).isEqualTo(before + 1);
        assertThat(show.output()).contains("type 11502-2").contains("source: feed lab-results, file oru-0001.hl7")
                .contains("MSH-10 " + controlId).contains("classified by").contains("version");
        assertThat(cli(jobs, reader, "document", "find", "--file", "a", "--ins", ins).exit()).as("one criterion").isEqualTo(Cli.EXIT_USAGE);
        assertThat(cli(jobs, reader, "document", "show", "999999").exit()).isEqualTo(Cli.EXIT_CANNOT_RUN);
        // audit --ins names each document by type, date and source file, read as the audit role (rules.md R7, R10)
        Run audit = cli(jobs, Map.of("SPRING_DATASOURCE_USERNAME", "dmp_audit"), "audit", "--ins", ins);
        assertThat(audit.exit()).as(audit.output()).isZero();
        assertThat(audit.output()).containsPattern("STORED .*\\(type 11502-2, of .*, file oru-0001.hl7\\)");
    }

    /** Round 9 console attack, left then: no command removed a user, and any 12 characters made a password. */
    @Test
    void serveRefusesAWeakPasswordAddsAUserAndDisablesIt() throws Exception {
        Path jobs = jobs();
        Run weak = cli(jobs, Map.of("DMP_CONSOLE_PASSWORD", "nurse-jo-console"), "serve", "--add-user", "nurse-jo", "--role", "operator");
        assertThat(weak.exit()).as(weak.output()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(weak.errorLines()).containsExactly("dmp-ingest: a console password may not contain the user's name");
        // round 31, a tester: an INS written with dots or dashes, or a birth date, was a user name (and then in clear in
        // the reason files); six digits in all are refused, the check ran on six in a row
        for (String identifier : List.of("1.32.06.13.055.877.62", "1-32-06-13-055-877-62", "17.06.1932")) {
            Run refused = cli(jobs, Map.of("DMP_CONSOLE_PASSWORD", "vert-cheval-pile-agrafe"), "serve", "--add-user", identifier,
                    "--role", "operator");
            assertThat(refused.exit()).as(identifier + ": " + refused.output()).isEqualTo(Cli.EXIT_USAGE);
            assertThat(refused.output()).contains("may not hold six digits or more");
        }
        Run added = cli(jobs, Map.of("DMP_CONSOLE_PASSWORD", "vert-cheval-pile-agrafe"), "serve", "--add-user", "nurse-jo", "--role", "operator");
        assertThat(added.exit()).as(added.output()).isZero();
        assertThat(added.output()).contains("added console user nurse-jo (operator)");
        Run disabled = cli(jobs, "serve", "--disable-user", "nurse-jo");
        assertThat(disabled.exit()).as(disabled.output()).isZero();
        assertThat(disabled.output()).contains("disabled console user nurse-jo");
        Run ghost = cli(jobs, "serve", "--disable-user", "ghost");
        assertThat(ghost.exit()).as(ghost.output()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(ghost.errorLines()).containsExactly("dmp-ingest: no console user ghost");
        assertThat(jdbc.queryForList(
                "SELECT action || ' ' || target FROM dmp.console_event WHERE target LIKE 'nurse-jo%' ORDER BY id", String.class))
                .containsExactly("USER_ADDED nurse-jo as operator", "USER_DISABLED nurse-jo");
    }

    @Test
    void anUnknownFeedListsTheKnownOnesWithTheConfigurationExitCode() throws Exception {
        Run r = cli(jobs(), "ingest", "--feed", "lab-result");
        assertThat(r.exit()).as(r.output()).isEqualTo(Cli.EXIT_CONFIGURATION);
        assertThat(r.errorLines()).singleElement().asString().contains("unknown feed 'lab-result'").contains("are: lab-results");
        assertThat(cli(jobs(), "status", "--feed", "nope").exit()).isEqualTo(Cli.EXIT_CONFIGURATION);
        assertThat(cli(jobs(), "ingest").exit()).as("usage: --feed missing").isEqualTo(Cli.EXIT_USAGE);
        assertThat(cli(jobs(), "quarantine", "requeue").exit()).as("usage: nothing to requeue").isEqualTo(Cli.EXIT_USAGE);
    }

    @Test
    void aMalformedFeedFileRefusesThatFeedAloneTheOthersRun() throws Exception {
        Path jobs = jobs();
        Files.writeString(jobs.resolve("broken.yml"), "name: broken\ndossierPolicy: sometimes\n");
        dropOld("oru-0001.hl7");
        Run r = cli(jobs, "ingest", "--feed", "all", "--quiet-period", "0s");
        assertThat(r.exit()).as(r.output()).isEqualTo(Cli.EXIT_SOME_FEEDS_FAILED);
        assertThat(r.errorLines()).singleElement().asString().startsWith("dmp-ingest: feed broken refused:");
        assertThat(r.output()).contains("feed lab-results (job execution").contains("1 files, 1 stored");
    }

    @Test
    void aDatabaseThatDoesNotExistIsOneLineAndTheConfigurationExitCode() throws Exception {
        String url = postgres.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/no_such_database$1");
        Run r = cli(url, jobs(), Map.of(), "status");
        assertThat(r.exit()).as(r.output()).isEqualTo(Cli.EXIT_CONFIGURATION);
        assertThat(r.errorLines()).singleElement().asString().contains("does not exist");
    }

    @Test
    void aSecondRunWhileOneHoldsTheFeedSaysSoWithTheBusyExitCode() throws Exception {
        Path jobs = jobs();
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.ownerUser(), postgres.ownerPassword());
             PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(hashtext('dmp-ingest:' || 'lab-results'))")) {
            ps.execute(); // held as a run of the feed holds it
            // a file waits (a feed with nothing at all to do runs no job and takes no lock)
            Files.copy(Path.of("sample-data/lab-results/oru-0001.hl7"), drop().resolve("busy-0001.hl7"));
            Run r = cli(jobs, "ingest", "--feed", "lab-results", "--dmp.lock-wait=1s");
            assertThat(r.exit()).as(r.output()).isEqualTo(Cli.EXIT_BUSY);
            assertThat(r.errorLines()).singleElement().asString().contains("another run of this feed is in progress");
        }
    }

    @Test
    void sigtermStopsAfterTheChunkInHandSaysWhatStaysClaimedAndExits143() throws Exception {
        Path jobs = jobs();
        String oru = Files.readString(Path.of("sample-data/lab-results/oru-0001.hl7"), java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 800; i++) { // enough for a run still busy when stopped; 3,000 cost the suite 40 s
            Path f = drop().resolve(String.format("m-%05d.hl7", i));
            Files.writeString(f, oru.stripTrailing() + "\rNTE|1||copy " + i + "\r",
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        }
        Path out = Files.createDirectories(work.resolve("out-term"));
        ProcessBuilder pb = ChildJvm.builder(postgres, jobs, out, List.of("-Xmx256m"), "ingest", "--feed", "lab-results",
                "--dmp.chunk-size=16");
        Process p = ChildJvm.start(pb);
        Path archive = work.resolve("var/archive/lab-results");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (countFiles(archive) == 0 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String output = ChildJvm.output(pb);
        assertThat(p.exitValue()).as(output).isEqualTo(Cli.EXIT_SIGTERM);
        assertThat(output).contains("dmp-ingest: stopped by SIGTERM; ").contains("stay claimed, the next run finishes them");
        long claimed = countFiles(work.resolve("var/claim/lab-results"));
        assertThat(output).contains(claimed + " file(s) stay claimed");
        assertThat(countFiles(drop())).as("the run stopped early").isPositive();
        // the next run finishes: every file decided once
        Run next = cli(jobs, "ingest", "--feed", "lab-results", "--quiet-period", "0s");
        assertThat(next.exit()).as(next.output()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dmp.disposition", Long.class)).isEqualTo(800L);
    }

    private static long countFiles(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
