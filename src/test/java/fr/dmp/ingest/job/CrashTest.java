package fr.dmp.ingest.job;

import fr.dmp.ingest.ChildJvm;
import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.tools.generate.CorpusGenerator;
import fr.dmp.ingest.tools.generate.CorpusManifest;
import fr.dmp.ingest.store.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 at any moment loses and duplicates nothing (shared/design.md): {@code ingest} runs as a separate
 * JVM on a generated corpus and is killed again and again — at chosen points (claim, parse, write before
 * the commit, after the commit before the moves, between a reason file and its move, between a kept file sealed
 * and its clear claimed copy removed) and at random times
 * with SIGKILL — and restarted each time without operator action. At the end every input is archived or
 * quarantined exactly once, no document is stored twice, nothing is left claimed, no job execution is
 * left STARTED, and the store's counts equal the sum of the reports. {@code -Dcrash.kills=50} for more.
 */
class CrashTest extends PipelineTestSupport {

    static final String[] POINTS = {"claim", "parse", "write", "commit", "move", "seal"};

    @Autowired
    EmbeddedPostgresServer postgres;

    @Test
    void killedAgainAndAgainItLosesNothingAndDuplicatesNothing() throws Exception {
        int kills = Integer.getInteger("crash.kills", 10);
        int files = Integer.getInteger("crash.files", 1200); // ten kills take at most ~700 (-Dcrash.files=2000 as before)
        Path corpus = work.resolve("corpus");
        CorpusManifest generated = CorpusGenerator.generate(new CorpusGenerator.Options(corpus, files, 20261126L,
                Map.of(CorpusGenerator.Kind.HL7, 80, CorpusGenerator.Kind.PDF, 10, CorpusGenerator.Kind.CDA, 10), 2.0, 0));
        List<String> inputs = inputNames(corpus);
        assertThat(inputs).hasSize(files);

        Path jobs = work.resolve("jobs");
        Files.createDirectories(jobs);
        for (String feed : List.of("lab-results", "hospital-reports")) {
            String yml = Files.readString(Path.of("jobs", feed + ".yml"))
                    .replaceFirst("(?m)^drop: .*$", "drop: " + corpus.resolve(feed))
                    .replaceFirst("(?m)^work: .*$", "work: " + work.resolve("var"))
                    .replaceFirst("(?m)^quietPeriod: .*$", "quietPeriod: 0s");
            Files.writeString(jobs.resolve(feed + ".yml"), yml);
        }
        Random random = new Random(Long.getLong("crash.seed", 7L));
        int survived = 0;
        List<String> how = new ArrayList<>();
        for (int k = 0; k < kills && !drained(corpus); k++) {
            List<String> options = new ArrayList<>(List.of("-Xmx512m"));
            boolean atPoint = k % 2 == 0;
            String point = POINTS[(k / 2) % POINTS.length];
            if (atPoint) {
                options.add("-Ddmp.faults.crash-at=" + point + ":" + (1 + random.nextInt(point.equals("write") || point.equals("commit") ? 3 : 60)));
            }
            Process p = ChildJvm.start(ChildJvm.builder(postgres, jobs, work, options, "ingest", "--feed", "all",
                    "--dmp.chunk-size=25"));
            if (atPoint) {
                p.waitFor(3, TimeUnit.MINUTES);
                how.add(point + (p.exitValue() == 137 ? "" : "(ended first)"));
            } else {
                // a SIGKILL at a random moment once files move (the start-up takes a few seconds)
                long before = landed(corpus);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (p.isAlive() && inputNames(corpus).size() == before && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(random.nextInt(800));
                p.destroyForcibly();
                p.waitFor(1, TimeUnit.MINUTES);
                how.add("SIGKILL");
            }
            if (p.exitValue() == 137) {
                survived++;
            }
        }
        // the restart that finishes the work, without any operator action
        ProcessBuilder restart = ChildJvm.builder(postgres, jobs, work, List.of("-Xmx512m"), "ingest", "--feed", "all");
        Process last = ChildJvm.start(restart);
        assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(last.exitValue()).as(() -> "the last run's output:\n" + ChildJvm.output(restart)).isZero();
        System.out.println("crash test: " + survived + " kills survived " + how + ", " + files + " files");

        assertThat(survived).as("kills that hit a running job").isGreaterThanOrEqualTo(Math.min(kills, 10));
        // every input is archived or quarantined exactly once, none is left in the drop or claim folders
        assertThat(inputNames(corpus)).isEmpty();
        assertThat(names(work.resolve("var/claim"))).isEmpty();
        List<String> landed = new ArrayList<>(names(work.resolve("var/archive")));
        landed.addAll(names(work.resolve("var/quarantine")));
        landed.removeIf(n -> n.endsWith(".reason.json") || n.endsWith(".pdf.json"));
        assertThat(landed).hasSize(files).containsExactlyInAnyOrderElementsOf(inputs);
        // no document twice, and the store's counts equal the reports' sum
        assertThat(count("SELECT count(*) FROM dmp.disposition")).isEqualTo(files);
        assertThat(count("SELECT count(*) FROM dmp.disposition WHERE reported_in IS NULL")).isZero();
        long reported = count("SELECT coalesce(sum((report->>'files')::bigint), 0) FROM dmp.run_report");
        assertThat(reported).isEqualTo(files);
        assertThat(count("SELECT coalesce(sum((report->>'stored')::bigint + (report->>'duplicates')::bigint"
                + " + (report->>'quarantined')::bigint), 0) FROM dmp.run_report")).isEqualTo(files);
        assertThat(count("SELECT coalesce(sum((report->>'documentsStored')::bigint), 0) FROM dmp.run_report"))
                .isEqualTo(count("SELECT count(*) FROM dmp.document"));
        assertThat(count("SELECT count(*) FROM dmp.document")).isEqualTo(files - generated.badFiles());
        assertThat(count("SELECT count(*) FROM (SELECT source_feed, source_file, source_item FROM dmp.document"
                + " GROUP BY 1, 2, 3 HAVING count(*) > 1) x")).isZero();
        assertThat(count("SELECT count(*) FROM dmp.disposition WHERE outcome = 'QUARANTINED'")).isEqualTo(generated.badFiles());
        assertThat(count("SELECT count(*) FROM batch.batch_job_execution WHERE status IN ('STARTED', 'STARTING', 'STOPPING')")).isZero();
    }

    private static long landed(Path corpus) throws IOException {
        return inputNames(corpus).size();
    }

    private static boolean drained(Path corpus) throws IOException {
        return inputNames(corpus).isEmpty();
    }

    /** The inputs still in the drop folders (a PDF and its sidecar are one input); names only, while files move. */
    private static List<String> inputNames(Path corpus) throws IOException {
        List<String> out = new ArrayList<>();
        for (String feed : List.of("lab-results", "hospital-reports")) {
            Path dir = corpus.resolve(feed);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    String n = p.getFileName().toString();
                    if (!n.endsWith(".pdf.json")) {
                        out.add(n);
                    }
                }
            }
        }
        return out;
    }
}
