package fr.dmp.ingest.tools.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one JSON line of {@code bench/run.sh}: the three timings, the pipeline's throughput and peak
 * heap, and whether its accounting holds (every generated input file is stored, a duplicate or
 * quarantined, and the reports add up).
 */
public final class BenchSummary {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A GC event's heap occupancy, {@code 123M->45M(512M)}: the value before the arrow is the heap in use. */
    private static final Pattern GC_EVENT = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    /** The heap printed at exit by {@code gc+heap+exit}: {@code garbage-first heap total 524288K, used 81920K}. */
    private static final Pattern HEAP_AT_EXIT = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private BenchSummary() {
    }

    /** CPU seconds of the pipeline's JVM (with the children it waited for: initdb, pg_ctl) and of its PostgreSQL; -1: unknown. */
    public record PipelineCpu(double jvm, double postgres) {
        double total() {
            return jvm < 0 || postgres < 0 ? -1 : jvm + postgres;
        }
    }

    public static String of(Path manifestFile, Path parseFile, Path copyFile, Path reports, double pipelineSeconds,
                            int pipelineExit, Path gcLog, Path generateFile, String loadAverages) throws IOException {
        return of(manifestFile, parseFile, copyFile, reports, pipelineSeconds, pipelineExit, gcLog, generateFile, loadAverages,
                new PipelineCpu(-1, -1));
    }

    /** With N = 0 ({@code bench/run.sh 0}) there is no corpus: manifest, parse and copy are null, only the start is measured. */
    public static String of(Path manifestFile, Path parseFile, Path copyFile, Path reports, double pipelineSeconds,
                            int pipelineExit, Path gcLog, Path generateFile, String loadAverages, PipelineCpu cpu) throws IOException {
        if (manifestFile == null) {
            return startOnly(reports, pipelineSeconds, pipelineExit, gcLog, loadAverages, cpu);
        }
        JsonNode manifest = JSON.readTree(manifestFile.toFile());
        JsonNode parse = firstJsonLine(parseFile);
        JsonNode copy = firstJsonLine(copyFile);
        long files = 0;
        long stored = 0;
        long duplicates = 0;
        long quarantined = 0;
        long documents = 0;
        double jobSeconds = 0;
        Map<String, Long> reasons = new TreeMap<>();
        int reportCount = 0;
        Files.createDirectories(reports); // a pipeline that failed at start wrote none
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(reports, "*.json")) {
            for (Path p : ds) {
                JsonNode r = JSON.readTree(p.toFile());
                reportCount++;
                files += r.get("files").asLong();
                stored += r.get("stored").asLong();
                duplicates += r.get("duplicates").asLong();
                quarantined += r.get("quarantined").asLong();
                documents += r.get("documentsStored").asLong();
                jobSeconds += r.get("seconds").asDouble();
                r.get("reasons").properties().forEach(e -> reasons.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            }
        }
        long generated = manifest.get("files").asLong();
        double parseOnly = parse.get("parseOnly").asDouble();
        double copyOnly = copy.get("copyOnly").asDouble();

        ObjectNode n = JSON.createObjectNode();
        n.put("n", generated);
        n.put("parseOnly", parseOnly);
        n.put("copyOnly", copyOnly);
        n.put("pipeline", round(pipelineSeconds, 3));
        n.put("pipelineJobSeconds", round(jobSeconds, 3));
        n.put("docsPerSecond", round(documents / pipelineSeconds, 1));
        n.put("reports", reportCount);
        // the baselines: the parse on the job's partitions, the sealing (timed serially while the COPY files were
        // written, spread here over the partitions that do it in the job) and the COPY of the job's rows
        int threads = parse.get("threads").asInt();
        double seal = copy.path("sealSeconds").asDouble(0);
        double baseline = parseOnly + seal / Math.max(1, threads) + copyOnly;
        n.put("sealSeconds", seal);
        n.put("baselineSeconds", round(baseline, 3));
        n.put("ratio", round(pipelineSeconds / baseline, 2));
        n.put("jobRatio", round(jobSeconds / baseline, 2));
        double parseCpu = parse.path("parseCpu").asDouble(-1);
        double copyCpu = copy.path("copyCpu").asDouble(-1);
        n.put("parseCpu", parseCpu);
        n.put("copyCpu", copyCpu);
        n.put("pipelineCpu", round(cpu.total(), 2));
        n.put("pipelineJvmCpu", cpu.jvm());
        n.put("pipelinePostgresCpu", cpu.postgres());
        if (parseCpu >= 0 && copyCpu >= 0 && cpu.total() >= 0) {
            n.put("baselineCpu", round(parseCpu + seal + copyCpu, 2));
            n.put("cpuRatio", round(cpu.total() / (parseCpu + seal + copyCpu), 2));
        }
        n.put("peakHeapMB", peakHeapMB(gcLog));
        n.put("files", files);
        n.put("stored", stored);
        n.put("duplicates", duplicates);
        n.put("quarantined", quarantined);
        n.put("documentsStored", documents);
        n.put("accountingOk", pipelineExit == 0 && files == stored + duplicates + quarantined && files == generated);
        if (pipelineExit != 0) {
            n.put("pipelineExit", pipelineExit);
        }
        n.put("badGenerated", manifest.get("badFiles").asLong());
        ObjectNode r = n.putObject("reasons");
        reasons.forEach(r::put);
        n.put("threads", parse.get("threads").asInt());
        n.put("parsedDocuments", parse.get("documents").asLong());
        n.put("copiedDocuments", copy.get("rows").get("document").asLong());
        if (generateFile != null && Files.isRegularFile(generateFile)) {
            JsonNode g = firstJsonLine(generateFile);
            n.put("generateSeconds", g.get("seconds").asDouble());
            n.set("generateMillisPer1000", g.get("millisPer1000"));
        }
        loads(n, loadAverages);
        return n.toString();
    }

    private static String startOnly(Path reports, double pipelineSeconds, int pipelineExit, Path gcLog, String loadAverages,
                                    PipelineCpu cpu) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("n", 0);
        n.put("pipeline", round(pipelineSeconds, 3));
        n.put("pipelineCpu", round(cpu.total(), 2));
        n.put("pipelineJvmCpu", cpu.jvm());
        n.put("pipelinePostgresCpu", cpu.postgres());
        int reportCount = 0;
        Files.createDirectories(reports);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(reports, "*.json")) {
            for (Path p : ds) {
                reportCount++;
            }
        }
        n.put("reports", reportCount);
        n.put("peakHeapMB", peakHeapMB(gcLog));
        n.put("pipelineExit", pipelineExit);
        loads(n, loadAverages);
        return n.toString();
    }

    private static void loads(ObjectNode n, String loadAverages) {
        if (loadAverages != null && !loadAverages.isBlank()) {
            ObjectNode l = n.putObject("loadAverage");
            for (String part : loadAverages.split(",")) {
                String[] kv = part.split("=", 2);
                if (kv.length == 2) {
                    try {
                        l.put(kv[0].strip(), Double.parseDouble(kv[1].strip()));
                    } catch (NumberFormatException e) {
                        l.put(kv[0].strip(), kv[1].strip());
                    }
                }
            }
        }
    }

    /** The largest heap in use the GC log shows: before any collection, or at exit. */
    public static double peakHeapMB(Path gcLog) throws IOException {
        double peak = 0;
        try (BufferedReader r = Files.newBufferedReader(gcLog, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                Matcher m = GC_EVENT.matcher(line);
                while (m.find()) {
                    peak = Math.max(peak, mb(Long.parseLong(m.group(1)), m.group(2)));
                }
                Matcher exit = HEAP_AT_EXIT.matcher(line);
                if (exit.find()) {
                    peak = Math.max(peak, Long.parseLong(exit.group(1)) / 1024.0);
                }
            }
        }
        return round(peak, 1);
    }

    private static double mb(long value, String unit) {
        return switch (unit) {
            case "K" -> value / 1024.0;
            case "G" -> value * 1024.0;
            default -> value;
        };
    }

    private static JsonNode firstJsonLine(Path file) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("{")) {
                return JSON.readTree(line);
            }
        }
        throw new IllegalStateException("no JSON line in " + file);
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
