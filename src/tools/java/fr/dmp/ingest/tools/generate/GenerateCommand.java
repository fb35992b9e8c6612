package fr.dmp.ingest.tools.generate;

import fr.dmp.ingest.cli.Cli;
import fr.dmp.ingest.cli.ConsoleLogging;

import fr.dmp.ingest.cli.ToolCommand;
import fr.dmp.ingest.tools.generate.CorpusGenerator;
import fr.dmp.ingest.tools.generate.CorpusManifest;
import fr.dmp.ingest.tools.generate.SampleData;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code generate --sample-data DIR}: writes the curated synthetic drop folders of sample-data/;
 * {@code generate --out DIR --count N --seed S [--mix hl7=70,pdf=20,cda=10] [--bad 2]}: writes a
 * reproducible synthetic corpus of N input files into per-feed drop folders under DIR (benchmarks);
 * {@code generate --large DIR [--archive-size 300MB] [--pdf-pages 2000] [--oversized 1GB]}: the large
 * single inputs of bench/large.sh.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes synthetic inputs (never real patient data).")
public final class GenerateCommand implements Callable<Integer>, ToolCommand {

    static final class Target {
        @Option(names = "--sample-data", required = true, description = "folder to write the curated sample drop folders into")
        Path sampleData;

        @Option(names = "--out", required = true,
                description = "folder to write a synthetic corpus into, one drop folder per feed (lab-results, hospital-reports)")
        Path out;

        @Option(names = "--large", required = true,
                description = "folder to write the large single inputs into: an HPRIM archive, a long PDF with its sidecar, an over-size file")
        Path large;
    }

    @Option(names = "--archive-size", description = "with --large: size of the HPRIM archive; default ${DEFAULT-VALUE}",
            defaultValue = "300MB")
    String archiveSize;

    @Option(names = "--pdf-pages", description = "with --large: pages of the PDF; default ${DEFAULT-VALUE}", defaultValue = "2000")
    int pdfPages;

    @Option(names = "--oversized", description = "with --large: size of the (sparse) file over every feed's limit; default ${DEFAULT-VALUE}",
            defaultValue = "1GB")
    String oversized;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--count", description = "with --out: input files to write (a PDF and its sidecar are one); default ${DEFAULT-VALUE}",
            defaultValue = "1000")
    long count;

    @Option(names = "--seed", description = "with --out: the same seed writes the same bytes; default ${DEFAULT-VALUE}",
            defaultValue = "1")
    long seed;

    @Option(names = "--mix", description = "with --out: weights per kind; default ${DEFAULT-VALUE}",
            defaultValue = "hl7=70,pdf=20,cda=10")
    String mix;

    @Option(names = "--bad", description = "with --out: percentage of bad files (wrong INS key, truncated, not HL7,"
            + " encrypted PDF, PDF without sidecar...); default ${DEFAULT-VALUE}", defaultValue = "2")
    double bad;

    @Option(names = "--patients", description = "with --out: size of the patient pool; default max(50, count/20)",
            defaultValue = "0")
    int patients;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ConsoleLogging.toStandardError();
        if (target.sampleData != null) {
            for (String corpusOnly : List.of("--count", "--seed", "--mix", "--bad", "--patients")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(corpusOnly)) {
                    System.err.println("dmp-ingest: " + corpusOnly + " applies to --out, not to --sample-data");
                    return Cli.EXIT_USAGE;
                }
            }
            SampleData.writeAll(target.sampleData);
            System.out.println("sample data written to " + target.sampleData);
            return 0;
        }
        if (target.large != null) {
            long archive;
            long over;
            try {
                archive = org.springframework.util.unit.DataSize.parse(archiveSize).toBytes();
                over = org.springframework.util.unit.DataSize.parse(oversized).toBytes();
            } catch (IllegalArgumentException e) {
                System.err.println("dmp-ingest: --archive-size and --oversized take sizes such as 300MB or 1GB");
                return Cli.EXIT_USAGE;
            }
            if (pdfPages <= 0 || archive <= 0 || over <= 0) {
                System.err.println("dmp-ingest: --archive-size, --pdf-pages and --oversized must be positive");
                return Cli.EXIT_USAGE;
            }
            var written = fr.dmp.ingest.tools.generate.LargeInputs.write(target.large, archive, pdfPages, over, seed);
            System.out.printf("{\"archiveMessages\":%d,\"archiveBytes\":%d,\"pdfPages\":%d,\"pdfBytes\":%d,\"oversizedBytes\":%d}%n",
                    written.archiveMessages(), written.archiveBytes(), pdfPages, written.pdfBytes(), written.oversizedBytes());
            return 0;
        }
        CorpusGenerator.Options options;
        try {
            Map<CorpusGenerator.Kind, Integer> weights = CorpusGenerator.parseMix(mix);
            options = new CorpusGenerator.Options(target.out, count, seed, weights, bad, patients);
        } catch (IllegalArgumentException e) {
            System.err.println("dmp-ingest: " + e.getMessage());
            return Cli.EXIT_USAGE;
        }
        for (String feed : List.of(CorpusGenerator.LAB_FEED, CorpusGenerator.HOSPITAL_FEED)) {
            Path folder = target.out.resolve(feed);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> s = Files.list(folder)) {
                    if (s.findAny().isPresent()) {
                        System.err.println("dmp-ingest: " + folder + " is not empty; generate into a new folder");
                        return Cli.EXIT_USAGE;
                    }
                }
            }
        }
        CorpusManifest manifest = CorpusGenerator.generate(options,
                n -> System.err.printf("generate: %d of %d files written%n", n, count));
        System.out.println(manifest.toJson(true));
        return 0;
    }
}
