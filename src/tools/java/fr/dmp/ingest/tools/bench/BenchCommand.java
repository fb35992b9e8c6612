package fr.dmp.ingest.tools.bench;

import fr.dmp.ingest.cli.Cli;
import fr.dmp.ingest.cli.ConsoleLogging;

import fr.dmp.ingest.cli.ToolCommand;
import fr.dmp.ingest.DmpIngestApplication;
import fr.dmp.ingest.tools.bench.BenchDatabase;
import fr.dmp.ingest.tools.bench.BenchSummary;
import fr.dmp.ingest.tools.bench.CopyLoad;
import fr.dmp.ingest.tools.bench.CopyRows;
import fr.dmp.ingest.tools.bench.ParseRun;
import fr.dmp.ingest.classify.Catalogue;
import fr.dmp.ingest.classify.DocumentClassifier;
import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.feed.FeedConfigException;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.format.Formats;
import fr.dmp.ingest.job.FileProcessor;
import fr.dmp.ingest.job.SafeMessages;
import fr.dmp.ingest.store.ContentCipher;
import fr.dmp.ingest.store.ContentKeys;
import fr.dmp.ingest.store.FileWork;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code bench ...}: maintenance commands behind {@code bench/run.sh} (hidden from the usage). They
 * measure the parts of the job on a corpus written by {@code generate --out}: the parse alone, and the
 * COPY of the same rows into an empty store, each printing one JSON line.
 */
@Command(name = "bench", hidden = true, mixinStandardHelpOptions = true,
        description = "Benchmark parts of the job on a generated corpus (used by bench/run.sh).",
        subcommands = {BenchCommand.ParseOnly.class, BenchCommand.CopyOnly.class, BenchCommand.ResetStore.class,
                BenchCommand.Summary.class, BenchCommand.WritePathRuns.class})
public final class BenchCommand implements Runnable, ToolCommand {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Options shared by the commands that read a corpus. */
    static class CorpusOptions {
        @Parameters(index = "0", description = "corpus root: one drop folder per feed (generate --out)")
        Path corpus;

        @Option(names = "--jobs", description = "feed files folder (the job's dmp.jobs-folder); default ${DEFAULT-VALUE}",
                defaultValue = "jobs")
        Path jobs;

        @Option(names = "--threads", description = "partitions per feed, as the job's dmp.threads; 0 = one per core (the job's default)",
                defaultValue = "0")
        int threads;

        int partitions() {
            return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        }
    }

    /** One feed's share of a parse: wall seconds, and CPU seconds of this JVM meanwhile (-1: unknown). */
    record FeedParse(Feed feed, double seconds, double cpuSeconds, ParseRun.Stats stats) {
    }

    /** Where a feed's parsed chunks go: the feed, its place in the run (1, 2...: as the job's execution ids), the partition. */
    interface FeedSink {
        void accept(Feed feed, long job, int partition, List<FileWork> chunk);
    }

    /**
     * Parses every feed of the jobs folder that has a drop folder in the corpus, one feed after the
     * other as {@code ingest --feed all} runs them, each on the job's partitions.
     */
    static List<FeedParse> parseAll(CorpusOptions o, FeedSink sink) {
        // what the job's Spring context holds before its first run: not timed
        FeedFiles feeds = new FeedFiles(o.jobs);
        Catalogue catalogue = Catalogue.load();
        DocumentClassifier classifier = DmpIngestApplication.standardClassifier(catalogue);
        Formats formats = DmpIngestApplication.standardFormats();
        Clock clock = Clock.systemUTC();
        List<Feed> toParse = new ArrayList<>();
        for (String name : feeds.names()) {
            Path drop = o.corpus.resolve(name);
            if (Files.isDirectory(drop)) {
                toParse.add(feeds.load(name).withDrop(drop));
            }
        }
        List<FeedParse> out = new ArrayList<>();
        long job = 0;
        for (Feed feed : toParse) {
            long execution = ++job;
            double cpu = ProcessCpu.self();
            long start = System.nanoTime();
            ParseRun.Stats stats = ParseRun.run(feed, () -> FileProcessor.forFeed(feed, formats, classifier, clock),
                    o.partitions(), clock, (partition, chunk) -> sink.accept(feed, execution, partition, chunk));
            double seconds = (System.nanoTime() - start) / 1e9;
            out.add(new FeedParse(feed, seconds, cpu < 0 ? -1 : ProcessCpu.self() - cpu, stats));
        }
        return out;
    }

    static ObjectNode parseJson(List<FeedParse> parses) {
        ObjectNode n = JSON.createObjectNode();
        ParseRun.Stats total = ParseRun.total(parses.stream().map(FeedParse::stats).toList());
        n.put("files", total.files);
        n.put("documents", total.documents);
        n.put("refusedFiles", total.refusedFiles);
        n.put("refusedItems", total.refusedItems);
        ObjectNode reasons = n.putObject("reasons");
        total.reasons.forEach(reasons::put);
        ObjectNode feeds = n.putObject("feeds");
        for (FeedParse p : parses) {
            ObjectNode f = feeds.putObject(p.feed().name());
            f.put("seconds", round(p.seconds()));
            f.put("files", p.stats().files);
            f.put("documents", p.stats().documents);
            f.put("refusedFiles", p.stats().refusedFiles);
        }
        return n;
    }

    static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    static int fail(Exception e) {
        System.err.println("dmp-ingest: bench: " + SafeMessages.describe(e));
        return Cli.EXIT_CANNOT_RUN;
    }

    @Command(name = "parse-only", mixinStandardHelpOptions = true,
            description = "Reads, detects, parses, classifies and validates every file of the corpus as the job's"
                    + " process steps do (same partitions and threads), storing nothing; prints one JSON line.")
    static final class ParseOnly implements Callable<Integer> {
        @CommandLine.Mixin
        CorpusOptions options = new CorpusOptions();

        @Override
        public Integer call() {
            ConsoleLogging.toStandardError();
            try {
                List<FeedParse> parses = parseAll(options, (feed, job, partition, chunk) -> { });
                double seconds = parses.stream().mapToDouble(FeedParse::seconds).sum();
                ObjectNode n = JSON.createObjectNode();
                n.put("parseOnly", round(seconds));
                n.put("parseCpu", ProcessCpu.round(parses.stream().mapToDouble(FeedParse::cpuSeconds).sum()));
                n.put("threads", options.partitions());
                n.setAll(parseJson(parses));
                System.out.println(n);
                return 0;
            } catch (RuntimeException e) {
                return fail(e);
            }
        }
    }

    @Command(name = "copy-only", mixinStandardHelpOptions = true,
            description = "Parses the corpus (untimed) into COPY files of the rows the job writes (sealed contents and texts,"
                    + " documents, results, audit, quarantine, dispositions), then times loading them into an empty store with"
                    + " PostgreSQL COPY, one connection per partition, one transaction per chunk; prints one JSON line.")
    static final class CopyOnly implements Callable<Integer> {
        @CommandLine.Mixin
        CorpusOptions options = new CorpusOptions();

        @Option(names = "--data-dir", description = "embedded PostgreSQL data folder (must be new or a bench one);"
                + " default: a temporary one under var/bench, removed afterwards")
        Path dataDir;

        @Option(names = "--rows", description = "folder for the COPY files; default: a temporary one under var/bench, removed afterwards")
        Path rowsDir;

        @Option(names = "--reset", description = "with SPRING_DATASOURCE_URL: allow emptying that server's store (dmp.*) first")
        boolean reset;

        @Override
        public Integer call() {
            ConsoleLogging.toStandardError();
            if (BenchDatabase.configuredUrl() != null && !reset) {
                System.err.println("dmp-ingest: bench copy-only empties the store of SPRING_DATASOURCE_URL; add --reset"
                        + " if that database is a throw-away one");
                return Cli.EXIT_USAGE;
            }
            List<Path> temporary = new ArrayList<>();
            try {
                Path rowsFolder = rowsDir != null ? rowsDir : temp("copy-rows-", temporary);
                List<FeedParse> parses;
                // a throw-away key: the rows are sealed by the job's cipher (AES-GCM), as the job's are
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                ContentCipher cipher = new ContentCipher(ContentKeys.fromEnvironment("bench:" + java.util.Base64.getEncoder().encodeToString(key)));
                CopyRows rows = new CopyRows(rowsFolder, cipher);
                Map<String, Long> feeds = new LinkedHashMap<>();
                try (rows) {
                    parses = parseAll(options, (feed, job, partition, chunk) -> {
                        synchronized (feeds) {
                            feeds.putIfAbsent(feed.name(), job);
                        }
                        rows.add(feed.name(), feed.senderFiness(), job, partition, chunk);
                    });
                }
                double parseSeconds = parses.stream().mapToDouble(FeedParse::seconds).sum();
                Path data = dataDir;
                if (data == null) {
                    data = temp("copy-db-", temporary);
                    temporary.add(data.resolveSibling(data.getFileName() + ".log")); // the embedded server's log
                }
                CopyLoad.Result result;
                boolean embedded;
                try (BenchDatabase db = BenchDatabase.open(data)) {
                    embedded = db.isEmbedded();
                    db.migrate();
                    db.truncateStore();
                    result = CopyLoad.load(db, rows, feeds, embedded ? data : null);
                    try (Connection c = db.connect()) {
                        CopyLoad.verify(c, rows, result.rows());
                    }
                }
                ObjectNode n = JSON.createObjectNode();
                n.put("copyOnly", round(result.seconds()));
                n.put("copyCpu", ProcessCpu.round(result.postgresCpu() < 0 ? -1 : result.jvmCpu() + result.postgresCpu()));
                n.put("copyJvmCpu", ProcessCpu.round(result.jvmCpu()));
                n.put("copyPostgresCpu", ProcessCpu.round(result.postgresCpu()));
                n.put("sealSeconds", round(rows.sealSeconds()));
                n.put("parseSeconds", round(parseSeconds));
                n.put("database", embedded ? "embedded" : "server");
                n.put("connections", feeds.keySet().stream().mapToInt(f -> rows.partitions(f).size()).max().orElse(0));
                ObjectNode r = n.putObject("rows");
                result.rows().forEach(r::put);
                n.put("copyMB", Math.round(rows.bytes() / 1e5) / 10.0);
                n.put("skippedDocuments", rows.skipped());
                n.put("threads", options.partitions());
                n.put("files", ParseRun.total(parses.stream().map(FeedParse::stats).toList()).files);
                System.out.println(n);
                return 0;
            } catch (Exception e) {
                return fail(e);
            } finally {
                temporary.forEach(CopyOnly::deleteTree);
            }
        }

        static Path temp(String prefix, List<Path> temporary) throws IOException {
            Path parent = Path.of("var", "bench");
            Files.createDirectories(parent);
            Path p = Files.createTempDirectory(parent, prefix);
            temporary.add(p);
            return p;
        }

        static void deleteTree(Path root) {
            if (!Files.exists(root)) {
                return;
            }
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                System.err.println("dmp-ingest: bench: could not remove " + root + " (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    @Command(name = "write-path", mixinStandardHelpOptions = true,
            description = "Issue 19 item 3: stores the same generated lab reports (10 to 20 results each) with each design of"
                    + " the results' write path, as the job's role, on --connections connections, one transaction per chunk;"
                    + " rounds interleave the designs. Prints one JSON line per run, then a table on standard error.")
    static final class WritePathRuns implements Callable<Integer> {
        @Option(names = "--documents", description = "documents per run; default ${DEFAULT-VALUE}", defaultValue = "20000")
        int documents;

        @Option(names = "--designs", split = ",", description = "designs in run order: 0 (no results), A (INSERT today),"
                + " B (COPY), C (sealed row + code table), C2 (sealed row + GIN codes); default ${DEFAULT-VALUE}",
                defaultValue = "0,A,B,C,C2")
        List<String> designs;

        @Option(names = "--rounds", description = "rounds of all designs; default ${DEFAULT-VALUE}", defaultValue = "2")
        int rounds;

        @Option(names = "--connections", description = "connections in parallel (the job's partitions); default ${DEFAULT-VALUE}",
                defaultValue = "2")
        int connections;

        @Option(names = "--chunk", description = "documents per transaction (the job's chunk); default ${DEFAULT-VALUE}",
                defaultValue = "200")
        int chunk;

        @Option(names = "--warmup", description = "documents of an untimed first run of each design; default ${DEFAULT-VALUE}",
                defaultValue = "4000")
        int warmup;

        @Option(names = "--seed", description = "seed of the generated results; default ${DEFAULT-VALUE}", defaultValue = "20261202")
        long seed;

        @Option(names = "--data-dir", description = "embedded PostgreSQL data folder (must be new or a bench one);"
                + " default: a temporary one under var/bench, removed afterwards")
        Path dataDir;

        @Option(names = "--reset", description = "with SPRING_DATASOURCE_URL: allow emptying that server's store (dmp.*)")
        boolean reset;

        @Override
        public Integer call() {
            ConsoleLogging.toStandardError();
            if (BenchDatabase.configuredUrl() != null && !reset) {
                System.err.println("dmp-ingest: bench write-path empties the store of SPRING_DATASOURCE_URL; add --reset"
                        + " if that database is a throw-away one");
                return Cli.EXIT_USAGE;
            }
            List<Path> temporary = new ArrayList<>();
            try {
                List<WritePath.Design> order = designs.stream().map(WritePath.Design::of).toList();
                List<WritePath.Doc> docs = WritePath.documents(documents, seed);
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                ContentCipher cipher = new ContentCipher(ContentKeys.fromEnvironment("bench:" + java.util.Base64.getEncoder().encodeToString(key)));
                Path data = dataDir;
                if (data == null) {
                    data = CopyOnly.temp("write-path-db-", temporary);
                    temporary.add(data.resolveSibling(data.getFileName() + ".log"));
                }
                List<WritePath.Run> runs = new ArrayList<>();
                try (BenchDatabase db = BenchDatabase.open(data)) {
                    db.migrate();
                    Path pg = db.isEmbedded() ? data : null;
                    // the JIT warms up on every design first, untimed: the first timed run would pay for it otherwise
                    List<WritePath.Doc> warm = docs.subList(0, Math.min(docs.size(), warmup));
                    for (WritePath.Design d : order) {
                        WritePath.prepare(db, documents); // the dossiers of all the documents
                        WritePath.load(db, pg, d, 0, warm, connections, chunk, cipher);
                    }
                    for (int round = 1; round <= rounds; round++) {
                        for (WritePath.Design d : order) {
                            WritePath.prepare(db, documents);
                            WritePath.Run r = WritePath.load(db, pg, d, round, docs, connections, chunk, cipher);
                            runs.add(r);
                            System.out.println(runJson(r, connections, chunk));
                        }
                    }
                }
                System.err.print(WritePath.table(runs));
                return 0;
            } catch (Exception e) {
                return fail(e);
            } finally {
                temporary.forEach(CopyOnly::deleteTree);
            }
        }

        private static ObjectNode runJson(WritePath.Run r, int connections, int chunk) {
            ObjectNode n = JSON.createObjectNode();
            n.put("writePath", r.design().label);
            n.put("round", r.round());
            n.put("load1", r.load1());
            n.put("documents", r.documents());
            n.put("obx", r.obx());
            n.put("rowsWritten", r.rowsWritten());
            n.put("seconds", round(r.seconds()));
            n.put("docsPerSecond", Math.round(r.documents() / r.seconds()));
            n.put("obxPerSecond", Math.round(r.obx() / r.seconds()));
            n.put("jvmCpu", ProcessCpu.round(r.jvmCpu()));
            n.put("postgresCpu", ProcessCpu.round(r.postgresCpu()));
            n.put("cpu", ProcessCpu.round(r.postgresCpu() < 0 ? -1 : r.jvmCpu() + r.postgresCpu()));
            n.put("connections", connections);
            n.put("chunk", chunk);
            n.put("resultBytes", r.resultBytes());
            ObjectNode b = n.putObject("bytes");
            r.bytes().forEach(b::put);
            return n;
        }
    }

    @Command(name = "reset-store", mixinStandardHelpOptions = true,
            description = "Migrates and empties the store (dmp.*) of SPRING_DATASOURCE_URL, for a pipeline run from an empty"
                    + " store on a server. Refuses without --yes.")
    static final class ResetStore implements Callable<Integer> {
        @Option(names = "--yes", description = "confirm that the configured database is a throw-away one")
        boolean yes;

        @Override
        public Integer call() {
            ConsoleLogging.toStandardError();
            if (BenchDatabase.configuredUrl() == null) {
                System.err.println("dmp-ingest: bench reset-store works on SPRING_DATASOURCE_URL, which is not set");
                return Cli.EXIT_USAGE;
            }
            if (!yes) {
                System.err.println("dmp-ingest: bench reset-store empties the store of SPRING_DATASOURCE_URL; add --yes");
                return Cli.EXIT_USAGE;
            }
            try (BenchDatabase db = BenchDatabase.open(null)) {
                db.migrate();
                db.truncateStore();
                return 0;
            } catch (Exception e) {
                return fail(e);
            }
        }
    }

    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Combines the figures of a bench/run.sh run into its one JSON line.")
    static final class Summary implements Callable<Integer> {
        @Option(names = "--manifest", description = "the corpus' manifest.json (generate --out); none for N = 0")
        Path manifest;

        @Option(names = "--parse", description = "the JSON line of bench parse-only")
        Path parse;

        @Option(names = "--copy", description = "the JSON line of bench copy-only")
        Path copy;

        @Option(names = "--pipeline-cpu", description = "CPU seconds of the ingest JVM (user + system, with its waited children)",
                defaultValue = "-1")
        double pipelineCpu;

        @Option(names = "--pipeline-postgres-cpu", description = "CPU seconds of the ingest's embedded PostgreSQL (from /proc)",
                defaultValue = "-1")
        double pipelinePostgresCpu;

        @Option(names = "--reports", required = true, description = "the pipeline's report folder (ingest --report DIR)")
        Path reports;

        @Option(names = "--pipeline-seconds", required = true, description = "wall-clock seconds of the ingest command")
        double pipelineSeconds;

        @Option(names = "--pipeline-exit", description = "exit code of the ingest command; default ${DEFAULT-VALUE}",
                defaultValue = "0")
        int pipelineExit;

        @Option(names = "--gc-log", required = true, description = "the pipeline JVM's -Xlog:gc* file")
        Path gcLog;

        @Option(names = "--generate", description = "the JSON line of generate --out (timings per kind)")
        Path generate;

        @Option(names = "--load-average", description = "1-minute load averages when each phase started, e.g. parse=0.5,copy=0.7")
        String loadAverage;

        @Override
        public Integer call() {
            try {
                System.out.println(BenchSummary.of(manifest, parse, copy, reports, pipelineSeconds, pipelineExit, gcLog, generate,
                        loadAverage, new BenchSummary.PipelineCpu(pipelineCpu, pipelinePostgresCpu)));
                return 0;
            } catch (IOException | RuntimeException e) {
                return fail(e);
            }
        }
    }
}
