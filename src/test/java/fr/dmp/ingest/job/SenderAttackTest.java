package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.domain.Sha256;
import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.intake.ClaimNames;
import fr.dmp.ingest.intake.ClaimedFile;
import fr.dmp.ingest.intake.Claimer;
import fr.dmp.ingest.intake.Completion;
import fr.dmp.ingest.intake.DropFolder;
import fr.dmp.ingest.report.RunReport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16, "Losses" 6, 8 and 9: what senders (careless or hostile) and a broken store did to files.
 */
class SenderAttackTest extends PipelineTestSupport {

    private static final Path LAB = Path.of("sample-data/lab-results");
    private static final Duration QUIET = Duration.ofMillis(500);

    /**
     * The careless sender (Losses 6): writes half of a 40-result ORU, cut where an OBX segment starts (so the
     * half is a valid message with fewer results), pauses longer than the quiet period, then writes the rest
     * through the descriptor it still holds open, after the job has claimed (renamed) the file. Before, the
     * half was stored and the rest landed in the archived file. Now the claimed file's size and modification
     * time are checked again before the store commits: the file goes back to the drop folder, nothing stored,
     * and the next run stores it once, whole.
     */
    @Test
    void aSenderThatPausesLongerThanTheQuietPeriodNeverGetsATruncatedResultStored() throws Exception {
        Path drop = work.resolve("drop/lab-results");
        Files.createDirectories(drop);
        byte[] whole = Files.readAllBytes(LAB.resolve("oru-0017.hl7"));
        int cut = new String(whole, StandardCharsets.ISO_8859_1).indexOf("\rOBX|", whole.length / 2) + 1;
        assertThat(cut).isGreaterThan(1);
        Path file = drop.resolve("slow-oru.hl7");
        ExecutorService job = Executors.newSingleThreadExecutor();
        RunReport first;
        System.setProperty("dmp.faults.hold-read", "slow-oru:3000"); // the job reads, then takes its time to commit
        try (OutputStream sender = Files.newOutputStream(file)) {
            sender.write(whole, 0, cut);
            sender.flush();
            Thread.sleep(QUIET.toMillis() + 400); // the pause, longer than the quiet period
            Future<RunReport> run = job.submit(() -> runner.run("lab-results", options(drop)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.exists(file) && System.nanoTime() < deadline) {
                Thread.sleep(5); // until the job claims it
            }
            assertThat(Files.exists(file)).as("claimed").isFalse();
            sender.write(whole, cut, whole.length - cut); // the rest, into the claimed file
            sender.flush();
            first = run.get(120, TimeUnit.SECONDS);
        } finally {
            System.clearProperty("dmp.faults.hold-read");
            job.shutdownNow();
        }
        assertThat(first.files()).as("nothing decided for the file being written").isZero();
        assertThat(count("SELECT count(*) FROM dmp.disposition")).isZero();
        assertThat(count("SELECT count(*) FROM dmp.document")).as("no truncated result stored").isZero();
        assertThat(Files.readAllBytes(file)).as("back in the drop folder, whole").isEqualTo(whole);

        Thread.sleep(QUIET.toMillis() + 200);
        RunReport second = runner.run("lab-results", options(drop));
        assertThat(second.stored()).isEqualTo(1);
        assertThat(outcome("lab-results", "slow-oru.hl7")).isEqualTo("STORED");
        assertThat(jdbc.queryForObject("SELECT sha256 FROM dmp.disposition WHERE original_name = 'slow-oru.hl7'", String.class))
                .isEqualTo(Sha256.hex(whole));
        assertThat(opened(kept(work.resolve("archive/lab-results"), "slow-oru.hl7"))).isEqualTo(whole);
        assertThat(count("SELECT count(*) FROM dmp.document")).as("stored once").isEqualTo(1);
    }

    /**
     * The careful sender (Losses 6) in a feed with {@code completion: marker}: writes {@code x.hl7} slowly, however
     * long it pauses, then {@code x.hl7.ok}. An old file without its marker is never taken; with it, the file is
     * taken once neither it nor its marker changed during the quiet period (round 14: a marker written first had a
     * file stored half-written), and the marker is removed with the claim. A file written to between the scan and
     * the claim is not claimed (it waits).
     */
    @Test
    void markerModeTakesAFileOnlyWithItsMarker() throws IOException {
        Path drop = work.resolve("drop/marked");
        Files.createDirectories(drop);
        Path waiting = old(Files.write(drop.resolve("waiting.hl7"), Files.readAllBytes(LAB.resolve("oru-0001.hl7"))));
        Path ready = Files.write(drop.resolve("ready.hl7"), Files.readAllBytes(LAB.resolve("oru-0002.hl7"))); // just written
        Path marker = Files.createFile(drop.resolve("ready.hl7.ok"));
        Clock clock = Clock.systemUTC();
        DropFolder folder = new DropFolder(drop, Duration.ofMinutes(10), clock, p -> false, Completion.marker(".ok"));
        assertThat(candidates(folder)).as("marked, but still within its quiet period").isEmpty();
        old(ready);
        old(marker);

        List<DropFolder.Candidate> seen = candidates(folder);
        assertThat(seen).extracting(c -> c.file().getFileName().toString()).containsExactly("ready.hl7");
        Optional<ClaimedFile> claimed = new Claimer(work.resolve("claim/marked")).claim(seen.get(0), "j1p0n1");
        assertThat(claimed).isPresent();
        assertThat(marker).as("the marker goes with its file").doesNotExist();
        assertThat(ready).doesNotExist();
        assertThat(waiting).as("no marker: waits, however old").exists();

        // written to between the scan and the claim: not claimed
        old(Files.createFile(drop.resolve("waiting.hl7.ok")));
        DropFolder.Candidate c = candidates(folder).get(0);
        Files.write(waiting, "more".getBytes(StandardCharsets.US_ASCII), java.nio.file.StandardOpenOption.APPEND);
        assertThat(new Claimer(work.resolve("claim/marked")).claim(c, "j1p0n2")).isEmpty();
        assertThat(waiting).exists();

        // the feed file says so; the default stays the quiet period
        Path jobs = Files.createDirectories(work.resolve("jobs"));
        String yml = Files.readString(Path.of("jobs/lab-results.yml"));
        Files.writeString(jobs.resolve("lab-results.yml"), yml + "completion: marker\nmarker: .done\n");
        Feed feed = new FeedFiles(jobs).load("lab-results");
        assertThat(feed.completion().marker()).isEqualTo(".done");
        assertThat(new FeedFiles(Path.of("jobs")).load("lab-results").completion().byMarker()).isFalse();
    }

    /**
     * The attacker, or a sender with verbose names (Losses 8): a file named with 255 bytes, legal on Linux, in
     * ASCII and in two-byte UTF-8 characters. Before, {@code <token>_<name>} went over 255 bytes, the claim failed
     * and every run of the feed failed, the name printed in a stack trace. Now both are claimed under a shortened
     * name, stored, and kept and recorded under their whole name; the other files go on.
     */
    @Test
    void namesOf255BytesAreClaimedStoredAndKeptUnderTheirWholeName() throws IOException {
        Path drop = work.resolve("drop/lab-results");
        Files.createDirectories(drop);
        String ascii = "a".repeat(251) + ".hl7";
        String utf8 = "é".repeat(125) + "x.hl7";
        assertThat(ascii.getBytes(StandardCharsets.UTF_8)).hasSize(255);
        assertThat(utf8.getBytes(StandardCharsets.UTF_8)).hasSize(255);
        old(Files.copy(LAB.resolve("oru-0017.hl7"), drop.resolve(ascii)));
        old(Files.copy(LAB.resolve("oru-0034.hl7"), drop.resolve(utf8)));
        old(Files.copy(LAB.resolve("oru-0051.hl7"), drop.resolve("short.hl7")));

        RunReport r = ingest("lab-results", drop);

        assertThat(r.stored()).isEqualTo(3);
        assertThat(outcome("lab-results", ascii)).isEqualTo("STORED");
        assertThat(outcome("lab-results", utf8)).isEqualTo("STORED");
        assertThat(opened(kept(work.resolve("archive/lab-results"), utf8)))
                .isEqualTo(Files.readAllBytes(LAB.resolve("oru-0034.hl7")));
        assertThat(names(work.resolve("claim/lab-results"))).isEmpty();
        for (String name : List.of(ascii, utf8)) {
            String claimName = ClaimNames.claimed("j123456789p12n1234567", name);
            assertThat(claimName.getBytes(StandardCharsets.UTF_8).length + ".json".length()).isLessThanOrEqualTo(255);
        }
    }

    /**
     * A broken store (Losses 9): the schema owner revokes the job's INSERT on dmp.document. Before, 2,551 of
     * 3,000 files were quarantined INTERNAL_ERROR and the run exited 0. Now the run stops in one line naming the
     * SQLState, no file is quarantined INTERNAL_ERROR for it, the undecided files stay claimed; with the grant
     * back, the next run completes the work.
     */
    @Test
    void aRevokedPrivilegeStopsTheRunAndQuarantinesNoFileForIt() {
        Path drop = dropWithSamples("lab-results");
        // one column the job must insert (V16 grants dmp.document column by column): restored exactly below, so the
        // job's rights stay those of the migrations for the tests that share this database (JobRoleAttackTest)
        jdbc.execute("REVOKE INSERT (content_sha256) ON dmp.document FROM dmp_ingest");
        try {
            assertThatThrownBy(() -> ingest("lab-results", drop))
                    .isInstanceOf(IngestFailure.class)
                    .hasMessageContaining("SQLState 42501")
                    .hasMessageContaining("stay claimed")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        } finally {
            jdbc.execute("GRANT INSERT (content_sha256) ON dmp.document TO dmp_ingest");
        }
        assertThat(count("SELECT count(*) FROM dmp.disposition WHERE primary_reason = 'INTERNAL_ERROR'")).isZero();
        assertThat(names(work.resolve("claim/lab-results"))).as("left claimed").isNotEmpty();

        RunReport next = ingest("lab-results", drop);
        assertThat(names(work.resolve("claim/lab-results"))).isEmpty();
        assertThat(next.files()).as("sample-data's 66 files, the first run's decisions counted here").isEqualTo(66);
        assertThat(next.stored()).isEqualTo(54);
        assertThat(next.reasons()).doesNotContainKey("INTERNAL_ERROR");
    }

    /**
     * Something breaks every file (Losses 9), not a property of any of them: here every read throws. After 20
     * files in a row refused INTERNAL_ERROR the run stops, the rest left claimed; the next run reads them.
     */
    @Test
    void twentyInternalErrorsInARowStopTheRun() throws IOException {
        Path drop = work.resolve("drop/lab-results");
        Files.createDirectories(drop);
        List<Path> samples = new ArrayList<>();
        try (var s = Files.list(LAB)) {
            s.filter(p -> p.getFileName().toString().startsWith("oru-00")).sorted().limit(40).forEach(samples::add);
        }
        for (Path p : samples) {
            old(Files.copy(p, drop.resolve("boom-" + p.getFileName())));
        }
        System.setProperty("dmp.faults.fail-read", "boom");
        try {
            assertThatThrownBy(() -> ingest("lab-results", drop)).isInstanceOf(IngestFailure.class)
                    .hasMessageContaining("20 files in a row failed with INTERNAL_ERROR");
        } finally {
            System.clearProperty("dmp.faults.fail-read");
        }
        long internal = count("SELECT count(*) FROM dmp.disposition WHERE primary_reason = 'INTERNAL_ERROR'");
        assertThat(internal).isLessThan(20);
        assertThat(names(work.resolve("claim/lab-results"))).isNotEmpty();

        RunReport next = ingest("lab-results", drop);
        assertThat(next.files()).isEqualTo(40);
        assertThat(next.quarantined()).as("only the first run's, before it stopped").isEqualTo(internal);
        assertThat(next.stored() + next.duplicates()).isEqualTo(40 - internal);
        assertThat(names(work.resolve("claim/lab-results"))).isEmpty();
    }

    private IngestRunner.Options options(Path drop) {
        return new IngestRunner.Options(drop, work, work.resolve("reports/lab-results.json"), QUIET);
    }

    private static List<DropFolder.Candidate> candidates(DropFolder folder) {
        List<DropFolder.Candidate> out = new ArrayList<>();
        try (DropFolder.Scan scan = folder.scan(n -> true)) {
            scan.forEachRemaining(out::add);
        }
        return out;
    }

    private static Path old(Path p) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        return p;
    }
}
