package fr.dmp.ingest.cli;

import fr.dmp.ingest.ChildJvm;
import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.store.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ingest} as an operator runs it, in its own JVM: when it cannot run it exits non-zero with one
 * line saying why (unknown feed, malformed feed file, missing drop folder, database unreachable), and it
 * exits 0 on a run that completed with quarantined files.
 */
class IngestCommandTest extends PipelineTestSupport {

    @Autowired
    EmbeddedPostgresServer postgres;

    record Run(int exit, List<String> errorLines, String output) {
    }

    private Run ingest(EmbeddedPostgresServer server, Path jobs, String... args) throws Exception {
        Path out = Files.createDirectories(work.resolve("out-" + System.nanoTime()));
        return run(ChildJvm.builder(server, jobs, out, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), args));
    }

    private Run ingest(String jdbcUrl, Path jobs, String... args) throws Exception {
        Path out = Files.createDirectories(work.resolve("out-" + System.nanoTime()));
        return run(ChildJvm.builder(jdbcUrl, jobs, out, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), args));
    }

    private static Run run(ProcessBuilder pb) throws Exception {
        Process p = ChildJvm.start(pb);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the command ends").isTrue();
        String output = ChildJvm.output(pb);
        return new Run(p.exitValue(), output.lines().filter(l -> l.startsWith("dmp-ingest: ")).toList(), output);
    }

    private Path jobs(String name, String yaml) throws Exception {
        Path jobs = Files.createDirectories(work.resolve("jobs-" + System.nanoTime()));
        Files.writeString(jobs.resolve(name + ".yml"), yaml);
        return jobs;
    }

    private String labResults(Path drop) throws Exception {
        return Files.readString(Path.of("jobs/lab-results.yml"))
                .replaceFirst("(?m)^drop: .*$", "drop: " + drop)
                .replaceFirst("(?m)^work: .*$", "work: " + work.resolve("var"))
                .replaceFirst("(?m)^quietPeriod: .*$", "quietPeriod: 0s");
    }

    @Test
    void anUnknownFeedIsOneLineAndExit3() throws Exception {
        Run r = ingest(postgres, jobs("lab-results", labResults(work.resolve("drop"))), "ingest", "--feed", "no-such-feed");
        assertThat(r.exit()).as(r.output()).isEqualTo(Cli.EXIT_CONFIGURATION);
        assertThat(r.errorLines()).singleElement().asString().contains("no-such-feed");
    }

    @Test
    void aMalformedFeedFileIsRefusedAtStartNamingTheField() throws Exception {
        String bad = labResults(work.resolve("drop")).replaceFirst("(?m)^dossierPolicy: .*$", "dossierPolicy: sometimes");
        Run r = ingest(postgres, jobs("lab-results", bad), "ingest", "--feed", "lab-results");
        assertThat(r.exit()).as(r.output()).isEqualTo(Cli.EXIT_CONFIGURATION);
        assertThat(r.errorLines()).singleElement().asString().contains("dossierPolicy");
    }

    @Test
    void aMissingDropFolderIsOneLineAndExit1() throws Exception {
        Path missing = work.resolve("no-such-folder");
        Run r = ingest(postgres, jobs("lab-results", labResults(missing)), "ingest", "--feed", "lab-results");
        assertThat(r.exit()).as(r.output()).isEqualTo(Cli.EXIT_CANNOT_RUN);
        assertThat(r.errorLines()).singleElement().asString().contains("lab-results").contains("drop folder");
    }

    @Test
    void anUnreachableDatabaseIsOneLineAndExit1() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // free once closed: nobody listens there
        }
        Path drop = Files.createDirectories(work.resolve("drop"));
        Run r = ingest("jdbc:postgresql://127.0.0.1:" + closedPort + "/dmp", jobs("lab-results", labResults(drop)),
                "ingest", "--feed", "lab-results", "--spring.datasource.hikari.connection-timeout=2000");
        assertThat(r.exit()).as(r.output()).isEqualTo(Cli.EXIT_CANNOT_RUN);
        assertThat(r.errorLines()).singleElement().asString().contains("database unreachable");
    }

    @Test
    void aRunWithQuarantinedFilesCompletesWithExit0AndASummary() throws Exception {
        Path drop = Files.createDirectories(work.resolve("drop"));
        Files.copy(Path.of("sample-data/lab-results/oru-0001.hl7"), drop.resolve("oru-0001.hl7"));
        Files.copy(Path.of("sample-data/lab-results/bad-ins-key.hl7"), drop.resolve("bad-ins-key.hl7"));
        Run r = ingest(postgres, jobs("lab-results", labResults(drop)), "ingest", "--feed", "lab-results");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.errorLines()).isEmpty();
        assertThat(r.output()).contains("feed lab-results").contains("2 files, 1 stored, 0 duplicates, 1 quarantined");
    }

    /**
     * Found by a helper: a single feed's {@code --report} naming a folder failed after its job had stored the files
     * (exit 1, "UncheckedIOException"). A folder now holds {@code <feed>.json}; a file in a folder that does not
     * exist is a usage error told before anything runs.
     */
    @Test
    void aReportFolderForOneFeedHoldsItsReportAndAReportWithoutItsFolderIsRefusedBeforeAnyRun() throws Exception {
        Path drop = Files.createDirectories(work.resolve("drop"));
        Files.copy(Path.of("sample-data/lab-results/oru-0001.hl7"), drop.resolve("oru-0001.hl7"));
        Path jobs = jobs("lab-results", labResults(drop));
        Path missing = work.resolve("no-such-folder").resolve("report.json");
        Run refused = ingest(postgres, jobs, "ingest", "--feed", "lab-results", "--report", missing.toString());
        assertThat(refused.exit()).as(refused.output()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(refused.errorLines()).singleElement().asString().contains("does not exist");
        assertThat(drop.resolve("oru-0001.hl7")).as("nothing ran").exists();

        Path reports = Files.createDirectories(work.resolve("reports-folder"));
        Run r = ingest(postgres, jobs, "ingest", "--feed", "lab-results", "--report", reports.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.errorLines()).isEmpty();
        assertThat(reports.resolve("lab-results.json")).isRegularFile();
        // round 26 (a tester): the reports folder keeps every run's report too, where audit --verify reads its anchors
        try (var found = Files.walk(work)) {
            assertThat(found.filter(f -> f.getFileName().toString().matches("lab-results-\\d{8}T\\d{6}Z-\\d+\\.json")))
                    .singleElement().satisfies(f -> assertThat(f.getParent().getFileName().toString()).isEqualTo("reports"));
        }
        // an earlier run's report may be replaced (a nightly --report to the same file)
        Path again = reports.resolve("lab-results.json");
        Run second = ingest(postgres, jobs, "ingest", "--feed", "lab-results", "--report", again.toString());
        assertThat(second.exit()).as(second.output()).isZero();
    }

    /**
     * Round 26, a tester as a careless operator: {@code --report} replaced the content key file and a feed file with the
     * run's JSON, {@code --inbox var/keys} sealed the key away under itself, a command line without its command word
     * exited 0 (a cron line raised no alert), a quiet period too long for a number exited 1 with an exception's name and
     * {@code PT-5S} was taken. Each is a usage error, exit 2, told before anything runs.
     */
    @Test
    void operatorSlipsThatWouldDestroyTheStoreOrHideAFailureAreUsageErrorsBeforeAnyRun() throws Exception {
        Path drop = Files.createDirectories(work.resolve("drop"));
        Files.copy(Path.of("sample-data/lab-results/oru-0001.hl7"), drop.resolve("oru-0001.hl7"));
        Path jobs = jobs("lab-results", labResults(drop));
        Path precious = Files.writeString(work.resolve("content.keys"), "# keys\n1=AAAA\n");
        Run report = ingest(postgres, jobs, "ingest", "--feed", "lab-results", "--report", precious.toString());
        assertThat(report.exit()).as(report.output()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(report.errorLines()).singleElement().asString().contains("no dmp-ingest run report");
        assertThat(precious).hasContent("# keys\n1=AAAA");
        // a link, even to a run report, is not followed: its target may be anything the next run would replace
        Path link = Files.createSymbolicLink(work.resolve("report-link.json"), precious);
        Run linked = ingest(postgres, jobs, "ingest", "--feed", "lab-results", "--report", link.toString());
        assertThat(linked.exit()).as(linked.output()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(precious).hasContent("# keys\n1=AAAA");

        Path keys = Files.createDirectories(work.resolve("var/keys"));
        Run inbox = ingest(postgres, jobs, "ingest", "--feed", "lab-results", "--inbox", keys.toString());
        assertThat(inbox.exit()).as(inbox.output()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(inbox.errorLines()).singleElement().asString().contains("is inside").contains("keys");

        for (String quiet : new String[] {"9999999999999999999h", "PT-5S"}) {
            Run q = ingest(postgres, jobs, "ingest", "--feed", "lab-results", "--quiet-period", quiet);
            assertThat(q.exit()).as(q.output()).isEqualTo(Cli.EXIT_USAGE);
            assertThat(q.output()).doesNotContain("Exception");
        }
        // a report written into the feed folder became a feed that refused every run (round 26, a tester)
        Run intoJobs = ingest(postgres, jobs, "ingest", "--feed", "lab-results", "--report", jobs.resolve("zz.yml").toString());
        assertThat(intoJobs.exit()).as(intoJobs.output()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(jobs.resolve("zz.yml")).doesNotExist();
        // a folder's <feed>.json is held to the same rule (review)
        Path folder = Files.createDirectories(work.resolve("reports-precious"));
        Files.writeString(folder.resolve("lab-results.json"), "precious");
        Run inFolder = ingest(postgres, jobs, "ingest", "--feed", "lab-results", "--report", folder.toString());
        assertThat(inFolder.exit()).as(inFolder.output()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(folder.resolve("lab-results.json")).hasContent("precious");
        assertThat(drop.resolve("oru-0001.hl7")).as("nothing ran").exists();

        Run none = ingest(postgres, jobs);
        assertThat(none.exit()).as(none.output()).isEqualTo(Cli.EXIT_USAGE);
    }

    static final List<String> FEEDS = List.of("lab-results", "patient-events", "hospital-reports", "legacy-migration",
            "prescriptions");

    /** The README's main command: {@code ingest --feed all} on a copy of sample-data, then again on a fresh copy. */
    @Test
    void everyFeedOnSampleDataAccountsForEveryFileAndASecondRunStoresNothing() throws Exception {
        Path jobs = Files.createDirectories(work.resolve("jobs-all"));
        Path drop = work.resolve("drop-all");
        for (String feed : FEEDS) {
            Files.writeString(jobs.resolve(feed + ".yml"), Files.readString(Path.of("jobs", feed + ".yml"))
                    .replaceFirst("(?m)^drop: .*$", "drop: " + drop.resolve(feed))
                    .replaceFirst("(?m)^work: .*$", "work: " + work.resolve("var-all")));
        }
        long[] first = runAll(jobs, drop, "reports-1");
        // prescriptions/prescription-08.pdf (nursing, no sidecar) is refused TYPE_UNKNOWN at PRESC-INF 0.56 (FeedsIngestTest)
        assertThat(first).containsExactly(164, 129, 1, 34);
        long[] second = runAll(jobs, drop, "reports-2");
        assertThat(second).containsExactly(164, 0, 130, 34);
        try (var claimed = Files.walk(work.resolve("var-all/claim"))) {
            assertThat(claimed.filter(Files::isRegularFile)).isEmpty();
        }
    }

    /** Copies sample-data into the drop, runs every feed, checks each report; returns files, stored, duplicates, quarantined. */
    private long[] runAll(Path jobs, Path drop, String reports) throws Exception {
        copyTree(Path.of("sample-data"), drop);
        Run r = ingest(postgres, jobs, "ingest", "--feed", "all", "--report", work.resolve(reports).toString());
        assertThat(r.exit()).as(r.output()).isZero();
        // one summary line per feed (the lines saying what waits in each drop come beside them, issue 17)
        assertThat(r.output().lines().filter(l -> l.startsWith("feed ") && l.contains("(job execution "))).hasSize(FEEDS.size());
        long[] sum = new long[4];
        JsonMapper json = JsonMapper.builder().build();
        for (String feed : FEEDS) {
            JsonNode report = json.readTree(work.resolve(reports).resolve(feed + ".json").toFile());
            long files = report.get("files").asLong();
            long stored = report.get("stored").asLong();
            long duplicates = report.get("duplicates").asLong();
            long quarantined = report.get("quarantined").asLong();
            assertThat(files).as(feed).isEqualTo(stored + duplicates + quarantined).isPositive();
            sum[0] += files;
            sum[1] += stored;
            sum[2] += duplicates;
            sum[3] += quarantined;
        }
        return sum;
    }
}
