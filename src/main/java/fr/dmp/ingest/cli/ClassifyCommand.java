package fr.dmp.ingest.cli;

import fr.dmp.ingest.classify.AcceptRule;
import fr.dmp.ingest.classify.Augment;
import fr.dmp.ingest.classify.Catalogue;
import fr.dmp.ingest.classify.ClassifiedDocument;
import fr.dmp.ingest.classify.ClassifyPolicy;
import fr.dmp.ingest.classify.ContentClassifier;
import fr.dmp.ingest.classify.DocumentClassifier;
import fr.dmp.ingest.classify.Evaluation;
import fr.dmp.ingest.domain.Printable;
import fr.dmp.ingest.classify.TitleCues;
import fr.dmp.ingest.classify.TypeModel;
import fr.dmp.ingest.domain.Verdict;
import fr.dmp.ingest.feed.FeedConfigException;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.format.Formats;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.Unreadable;
import fr.dmp.ingest.format.cda.CdaReader;
import fr.dmp.ingest.format.hl7.Hl7Reader;
import fr.dmp.ingest.format.hprim.HprimReader;
import fr.dmp.ingest.format.pdf.PdfReader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code classify FILE...}: type, class, confidence and evidence of each file, nothing stored;
 * {@code classify --evaluate DIR}: the classifier's figures on a labelled folder;
 * {@code classify --train DIR --model FILE}: retrains the content model from a labelled corpus.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classifies documents into DMP types without storing anything.")
public final class ClassifyCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", description = "files to classify (PDF, CDA, HL7, HPRIM, plain text), or folders of them")
    List<Path> files = new ArrayList<>();

    @Option(names = "--json", description = "one JSON object per line (per file), or one for --evaluate")
    boolean json;

    @Option(names = "--evaluate", description = "a labelled folder (labels.csv: file,label; UNKNOWN = must be refused)")
    Path evaluate;

    @Option(names = "--train", description = "a labelled folder to train the content model from (repeat for several)")
    List<Path> train = new ArrayList<>();

    @Option(names = "--relabels", description = "corrected labels (folder,file,was,label,why), e.g. classify-corpus/relabels.csv")
    Path relabels;

    @Option(names = "--held-out", description = "with --train: also write each held-out document's prediction"
            + " (writer,truth,best,p1,second,p2,unknown) to this CSV file, to study thresholds without retraining")
    Path heldOutFile;

    @Option(names = "--epochs", defaultValue = "200", description = "with --train: gradient steps (the shipped model: 200)")
    int epochs;

    @Option(names = "--model", description = "model file: written by --train, read instead of the shipped one otherwise")
    Path model;

    @Option(names = "--feed", description = "use this feed's thresholds and local codes (jobs/<feed>.yml)")
    String feed;

    @Option(names = "--timing", description = "print to stderr the time spent reading the files (PDF text extraction,"
            + " parsing) and the time spent classifying them")
    boolean timing;

    @Option(names = "--repeat", defaultValue = "1", description = "with --timing: go over the files this many times;"
            + " the first half of the rounds only warms up, the second half is measured")
    int repeat;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Integer call() throws IOException {
        Catalogue catalogue = Catalogue.load();
        if (!train.isEmpty()) {
            return train(catalogue);
        }
        TypeModel typeModel;
        if (model != null) {
            try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(model.toString().endsWith(".gz")
                    ? new java.util.zip.GZIPInputStream(Files.newInputStream(model)) : Files.newInputStream(model), StandardCharsets.UTF_8))) {
                typeModel = TypeModel.read(r);
            }
        } else {
            typeModel = ContentClassifier.shippedModel().orElse(null);
            if (typeModel == null) {
                System.err.println("dmp-ingest: no content model shipped; train one with --train");
                return Cli.EXIT_CANNOT_RUN;
            }
        }
        ClassifyPolicy policy = ClassifyPolicy.defaults();
        ReadContext context = new ReadContext(StandardCharsets.ISO_8859_1, ZoneId.of("Europe/Paris"));
        if (feed != null) {
            try {
                fr.dmp.ingest.feed.Feed f = new FeedFiles(Path.of("jobs")).load(feed);
                policy = f.classification();
                // the feed's reading too: its limits, character set and zone (round 36, a tester: a PDF the feed stored
                // was "too large" here under the default 64 MB)
                context = new ReadContext(f.defaultCharset(), f.zone(), f.maxDecodedSize(), f.maxPdfPages());
            } catch (FeedConfigException e) {
                System.err.println("dmp-ingest: " + e.getMessage());
                return Cli.EXIT_CANNOT_RUN;
            }
        }
        ContentClassifier content = new ContentClassifier(typeModel, TitleCues.load(catalogue));
        DocumentClassifier classifier = new DocumentClassifier(catalogue, content, policy);
        Classifiable reader = new Classifiable(new Formats(List.of(new Hl7Reader(), new CdaReader(), new PdfReader(), new HprimReader())),
                context);
        if (evaluate != null) {
            return evaluate(classifier, content, reader);
        }
        if (files.isEmpty()) {
            System.err.println("dmp-ingest: name files to classify, or --evaluate DIR, or --train DIR");
            return Cli.EXIT_USAGE;
        }
        List<Path> readable = new ArrayList<>();
        boolean missing = false;
        for (Path named : files) {
            if (Files.isDirectory(named)) {
                readable.addAll(filesIn(named));
            } else if (Files.isRegularFile(named) && Files.isReadable(named)) {
                readable.add(named);
            } else {
                // one line per file that cannot be read; the others are still classified (exit 2 at the end)
                System.err.println("dmp-ingest: " + Printable.escaped(named.toString())
                        + (Files.exists(named) ? ": not a readable file" : ": no such file"));
                missing = true;
            }
        }
        Timing measured = new Timing();
        int rounds = Math.max(1, repeat);
        for (int round = 1; round <= rounds; round++) {
            // the first half of the rounds warms the JIT up; the second is measured (one round alone moved 30 % run to run)
            Timing t = round > rounds / 2 ? measured : new Timing();
            t.rounds++;
            for (Path file : readable) {
                List<Result> results = classify(classifier, reader, file, t);
                if (round == 1) {
                    results.forEach(r -> System.out.println(json ? r.json() : r.text()));
                }
            }
        }
        if (timing) {
            System.err.println(measured.summary());
        }
        return missing ? Cli.EXIT_USAGE : 0;
    }

    /**
     * A folder's files, by name: not hidden ones, not a PDF's sidecar ({@code x.pdf.json} beside {@code x.pdf}, read
     * with it), not a labelled folder's {@code labels.csv}; not its sub-folders.
     */
    private static List<Path> filesIn(Path folder) throws IOException {
        try (var listing = Files.list(folder)) {
            return listing.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> !f.getFileName().toString().equals("labels.csv"))
                    .filter(f -> !(f.getFileName().toString().endsWith(".json")
                            && Files.isRegularFile(f.resolveSibling(f.getFileName().toString().replaceFirst("\\.json$", "")))))
                    .sorted()
                    .toList();
        }
    }

    /** Time spent reading (detection, parsing, PDF text extraction) and classifying, over the rounds measured. */
    static final class Timing {
        /** This thread's CPU time (what a shared machine's other tenants take from the wall clock is not in it). */
        private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

        long readNanos;
        long classifyNanos;
        long readCpuNanos;
        long classifyCpuNanos;
        int files;
        int documents;
        int rounds;

        static long cpu() {
            return THREADS.getCurrentThreadCpuTime();
        }

        /** Per round, averaged over the rounds measured; the same ratio in CPU time. */
        String summary() {
            int n = Math.max(1, rounds);
            return String.format(Locale.ROOT, "timing: %d files, %d documents: reading %.1f ms, classifying %.1f ms"
                    + " (classification = %.1f%% of reading; a round, mean of %d; in CPU time %.1f ms, %.1f ms, %.1f%%)",
                    files / n, documents / n, readNanos / 1e6 / n, classifyNanos / 1e6 / n,
                    readNanos == 0 ? 0 : 100.0 * classifyNanos / readNanos, n, readCpuNanos / 1e6 / n,
                    classifyCpuNanos / 1e6 / n, readCpuNanos == 0 ? 0 : 100.0 * classifyCpuNanos / readCpuNanos);
        }
    }

    /** The decision for one item of a file. */
    record Result(Path file, int item, String typeCode, String classCode, double confidence, boolean accepted,
                  String source, List<String> evidence, String refusal) {

        String json() {
            ObjectNode n = JSON.createObjectNode();
            n.put("file", file.toString());
            if (item > 1) {
                n.put("item", item);
            }
            n.put("typeCode", typeCode);
            n.put("classCode", classCode);
            n.put("confidence", Math.round(confidence * 10000) / 10000.0);
            n.put("accepted", accepted);
            if (source != null) {
                n.put("source", source);
            }
            var ev = n.putArray("evidence");
            evidence.forEach(ev::add);
            if (refusal != null) {
                n.put("refusal", refusal);
            }
            return n.toString();
        }

        String text() {
            if (!accepted) {
                return file + ": refused (" + refusal + ")";
            }
            return String.format(Locale.ROOT, "%s: type %s, class %s, confidence %.2f, %s; %s", file, typeCode, classCode,
                    confidence, source, String.join("; ", evidence));
        }
    }

    static List<Result> classify(DocumentClassifier classifier, Classifiable reader, Path file, Timing timing)
            throws IOException {
        return classify(classifier, read(reader, file, timing), file, timing);
    }

    /** The file's items as a drop folder's run reads them (a PDF with its sidecar beside it), the reading timed. */
    private static List<ReadItem> read(Classifiable reader, Path file, Timing timing) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] sidecar = sidecarOf(file);
        long start = System.nanoTime();
        long cpu = Timing.cpu();
        List<ReadItem> items = reader.read(file.getFileName().toString(), bytes, sidecar);
        timing.readCpuNanos += Timing.cpu() - cpu;
        timing.readNanos += System.nanoTime() - start;
        timing.files++;
        return items;
    }

    /** A PDF's sidecar beside it ({@code x.pdf.json}), as in a drop folder, or null. */
    private static byte[] sidecarOf(Path file) throws IOException {
        Path sidecarPath = file.resolveSibling(file.getFileName() + ".json");
        return Files.isRegularFile(sidecarPath) ? Files.readAllBytes(sidecarPath) : null;
    }

    private static List<Result> classify(DocumentClassifier classifier, List<ReadItem> items, Path file, Timing timing) {
        List<Result> out = new ArrayList<>();
        long start;
        for (ReadItem item : items) {
            if (item instanceof Unreadable u) {
                out.add(new Result(file, u.index(), null, null, 0, false, null, List.of(),
                        u.rejection().reason() + ": " + u.rejection().detail()));
                continue;
            }
            SourceDocument doc = (SourceDocument) item;
            start = System.nanoTime();
            long cpu = Timing.cpu();
            Verdict<ClassifiedDocument> v = classifier.classify(doc);
            timing.classifyCpuNanos += Timing.cpu() - cpu;
            timing.classifyNanos += System.nanoTime() - start;
            timing.documents++;
            if (v instanceof Verdict.Accepted<ClassifiedDocument> a) {
                var c = a.value().classification();
                out.add(new Result(file, doc.index(), c.type().code(), c.type().classCode(), c.confidence(), true, c.source(),
                        c.evidence(), null));
            } else {
                var r = ((Verdict.Refused<ClassifiedDocument>) v).rejection();
                out.add(new Result(file, doc.index(), null, null, 0, false, null, List.of(), r.reason() + ": " + r.detail()));
            }
        }
        return out;
    }

    private Integer evaluate(DocumentClassifier classifier, ContentClassifier content, Classifiable reader) throws IOException {
        if (!Files.isRegularFile(evaluate.resolve("labels.csv"))) {
            System.err.println("dmp-ingest: --evaluate: " + Printable.escaped(evaluate.toString())
                    + " has no labels.csv (a line per file: file,label; UNKNOWN for a document to refuse)");
            return Cli.EXIT_USAGE;
        }
        Evaluation evaluation = new Evaluation();
        List<String[]> labelled;
        try {
            labelled = labels(evaluate, relabels);
        } catch (LabelsException e) {
            System.err.println("dmp-ingest: --evaluate: " + e.getMessage());
            return Cli.EXIT_USAGE;
        } catch (IllegalArgumentException | java.io.IOException | java.io.UncheckedIOException e) {
            // commons-csv's own refusals (a header with an empty name) and a labels file not in UTF-8 (a reviewer)
            System.err.println("dmp-ingest: --evaluate: labels.csv (or --relabels) cannot be read as UTF-8 CSV with a header"
                    + " line file,label (" + e.getClass().getSimpleName() + ")");
            return Cli.EXIT_USAGE;
        }
        for (String[] row : labelled) {
            Path file = evaluate.resolve(row[0]);
            if (!Files.isRegularFile(file)) {
                System.err.println("dmp-ingest: --evaluate: labels.csv names " + Printable.escaped(row[0]) + ", which is not a file there");
                return Cli.EXIT_USAGE;
            }
            // each file read as `classify FILE` reads it: a PDF's extracted text, a CDA's narrative (not its bytes)
            Timing unused = new Timing();
            List<ReadItem> items = read(reader, file, unused);
            List<Result> results = classify(classifier, items, file, unused);
            boolean accepted = !results.isEmpty() && results.get(0).accepted();
            evaluation.add(row[1], accepted ? results.get(0).typeCode() : Evaluation.REFUSED);
            // calibration: the content model's top label (UNKNOWN included) and its probability, on the same text
            String text = items.isEmpty() || !(items.get(0) instanceof SourceDocument d) || d.content().text() == null
                    ? "" : d.content().text();
            ContentClassifier.Candidate best = content.classify(text).best();
            evaluation.addConfidence(best.probability(), best.typeCode().equals(row[1]));
        }
        System.out.println(json ? evaluation.toJson() : evaluation.toText());
        return 0;
    }

    /** A training document and who wrote it: {@code generator}, or the {@code writer} column of labels.csv. */
    private record Written(TypeModel.Example example, String writer) {
        boolean byWriter() {
            return !writer.equals(GENERATOR);
        }
    }

    private static final String GENERATOR = "generator";

    /**
     * Trains the content model. Each independent writer of the training folders (the {@code writer} column
     * of labels.csv) is held out in turn: a model trained on everything else predicts their documents.
     * The temperature and the margin rule ({@link AcceptRule}) are fitted on those held-out predictions,
     * which look like documents written by others, never on classify-corpus/independent; the shipped model
     * is then trained on everything.
     */
    private Integer train(Catalogue catalogue) throws IOException {
        if (model == null) {
            System.err.println("dmp-ingest: --train needs --model FILE to write the model to");
            return Cli.EXIT_USAGE;
        }
        List<Written> docs = new ArrayList<>();
        for (Path dir : train) {
            java.util.Map<String, String> writers = writers(dir);
            for (String[] row : labels(dir, relabels)) {
                if (!row[1].equals(ContentClassifier.UNKNOWN) && catalogue.type(row[1]).isEmpty()) {
                    System.err.println("dmp-ingest: label " + row[1] + " is not a type of the catalogue");
                    return Cli.EXIT_USAGE;
                }
                docs.add(new Written(new TypeModel.Example(Files.readString(dir.resolve(row[0]), StandardCharsets.UTF_8), row[1]),
                        writers.getOrDefault(row[0], GENERATOR)));
            }
        }
        long start = System.nanoTime();
        TitleCues cues = TitleCues.load(catalogue);
        List<String> heldWriters = docs.stream().filter(Written::byWriter).map(Written::writer).distinct().sorted().toList();
        List<TypeModel> foldModels = new ArrayList<>();
        List<Written> heldOut = new ArrayList<>();
        List<double[]> logits = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        // the folds are independent: trained side by side, one per core (each about 200 s on this machine), used in order
        java.util.concurrent.ExecutorService folds = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(heldWriters.size(), Runtime.getRuntime().availableProcessors())));
        List<java.util.concurrent.Future<TypeModel>> foldModelsInTraining = new ArrayList<>();
        // the shipped model (all documents) does not wait for the folds: only its temperature and rule come from them
        java.util.concurrent.Future<TypeModel> onEverything = folds.submit(() -> TypeModel.train(augmented(docs), 2, epochs, 1e-6));
        for (String w : heldWriters) {
            foldModelsInTraining.add(folds.submit(() -> TypeModel.train(augmented(docs.stream().filter(d -> !d.writer().equals(w)).toList()),
                    2, epochs, 1e-6)));
        }
        folds.shutdown();
        for (int f = 0; f < heldWriters.size(); f++) {
            String w = heldWriters.get(f);
            TypeModel m = trained(foldModelsInTraining.get(f), "without writer " + w, folds);
            for (Written d : docs) {
                int c = m.classes().indexOf(d.example().label());
                if (d.writer().equals(w) && c >= 0) {
                    heldOut.add(d);
                    foldModels.add(m);
                    logits.add(m.logits(d.example().text()));
                    truth.add(c);
                }
            }
        }
        double temperature = heldOut.isEmpty() ? 1 : foldModels.get(0).fitTemperature(logits, truth);
        List<AcceptRule.HeldOut> predictions = new ArrayList<>();
        List<String> heldOutRows = new ArrayList<>();
        for (int i = 0; i < heldOut.size(); i++) {
            ContentClassifier.Verdict v = new ContentClassifier(foldModels.get(i).withTemperature(temperature), cues)
                    .classify(heldOut.get(i).example().text());
            ContentClassifier.Candidate second = v.candidates().size() > 1 ? v.candidates().get(1) : null;
            AcceptRule.HeldOut h = new AcceptRule.HeldOut(heldOut.get(i).example().label(), v.best().typeCode(),
                    v.best().probability(), second == null ? 0 : second.probability(), v.probabilityOf(ContentClassifier.UNKNOWN));
            predictions.add(h);
            if (heldOutFile != null) {
                heldOutRows.add(String.format(Locale.ROOT, "%s,%s,%s,%.5f,%s,%.5f,%.5f", heldOut.get(i).writer(), h.truth(),
                        h.best(), h.p1(), second == null ? "" : second.typeCode(), h.p2(), h.notClinical()));
            }
        }
        if (heldOutFile != null) {
            heldOutRows.add(0, "writer,truth,best,p1,second,p2,unknown");
            Files.write(heldOutFile, heldOutRows, StandardCharsets.UTF_8);
        }
        // accept more without losing precision: the rule must keep at least what the threshold alone gives
        AcceptRule.Fit alone = AcceptRule.measure(AcceptRule.NONE, predictions, ClassifyPolicy.DEFAULT_THRESHOLD);
        AcceptRule.Fit fit = AcceptRule.fit(predictions, ClassifyPolicy.DEFAULT_THRESHOLD, Math.min(RULE_PRECISION, alone.precision()));
        System.out.printf(Locale.ROOT, "held out by writer (%s, %d documents): temperature %.3f%n  threshold %.2f alone: %s%n"
                        + "  margin rule: %s%n", String.join(", ", heldWriters), heldOut.size(), temperature,
                ClassifyPolicy.DEFAULT_THRESHOLD, AcceptRule.measure(AcceptRule.NONE, predictions, ClassifyPolicy.DEFAULT_THRESHOLD), fit);
        TypeModel trained = trained(onEverything, "on every document", folds).withTemperature(temperature)
                .withAcceptRule(fit.rule());
        try (Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(model.toString().endsWith(".gz")
                ? new java.util.zip.GZIPOutputStream(Files.newOutputStream(model)) : Files.newOutputStream(model), StandardCharsets.UTF_8))) {
            trained.write(w);
        }
        System.out.printf(Locale.ROOT, "trained on %d documents, %d classes, %d features in %.1f s -> %s%n", docs.size(),
                trained.classes().size(), trained.features(), (System.nanoTime() - start) / 1e9, model);
        return 0;
    }

    /** A model trained on a pool thread; a failed or interrupted training stops the others and the command. */
    private static TypeModel trained(java.util.concurrent.Future<TypeModel> training, String what,
                                     java.util.concurrent.ExecutorService pool) {
        try {
            return training.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            throw new IllegalStateException("training " + what + " interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            pool.shutdownNow();
            throw new IllegalStateException("training " + what + " failed", e.getCause());
        }
    }

    /**
     * Right on accepted that the margin rule must keep on the held-out writers: the goal (99 %), or
     * what the threshold alone gives there when that is lower (then the rule accepts more, never worse).
     */
    static final double RULE_PRECISION = 0.99;

    /** The generator's documents with one degraded copy, the writers' with {@link Augment#WRITER_COPIES}. */
    private static List<TypeModel.Example> augmented(List<Written> docs) {
        List<TypeModel.Example> out = new ArrayList<>(Augment.all(docs.stream().filter(d -> !d.byWriter()).map(Written::example).toList()));
        out.addAll(Augment.all(docs.stream().filter(Written::byWriter).map(Written::example).toList(), Augment.WRITER_COPIES));
        return out;
    }

    /** The optional {@code writer} column of a folder's labels.csv (file → writer). */
    private static java.util.Map<String, String> writers(Path dir) throws IOException {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        try (Reader r = Files.newBufferedReader(dir.resolve("labels.csv"), StandardCharsets.UTF_8)) {
            var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).get().parse(r);
            if (!parser.getHeaderMap().containsKey("writer")) {
                return out;
            }
            for (CSVRecord rec : parser) {
                out.put(rec.get("file"), rec.get("writer"));
            }
        }
        return out;
    }

    static List<String[]> labels(Path dir) throws IOException {
        return labels(dir, null);
    }

    /** labels.csv of the folder, with the corrections of the relabels file for that folder (by folder name). */
    static List<String[]> labels(Path dir, Path relabelsFile) throws IOException {
        java.util.Map<String, String> fixed = new java.util.HashMap<>();
        if (relabelsFile != null) {
            try (Reader r = Files.newBufferedReader(relabelsFile, StandardCharsets.UTF_8)) {
                for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                        .setIgnoreSurroundingSpaces(true).get().parse(r)) {
                    if (rec.get("folder").equals(dir.toAbsolutePath().normalize().getFileName().toString())) {
                        fixed.put(rec.get("file"), rec.get("label"));
                    }
                }
            }
        }
        List<String[]> rows = new ArrayList<>();
        for (String[] row : labels0(dir)) {
            rows.add(new String[] {row[0], fixed.getOrDefault(row[0], row[1])});
        }
        return rows;
    }

    /** The header names a labels file's type column may have: a writer's {@code file,code} said only "IllegalArgumentException". */
    static final List<String> LABEL_COLUMNS = List.of("label", "code", "type");

    private static List<String[]> labels0(Path dir) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(dir.resolve("labels.csv"), StandardCharsets.UTF_8)) {
            var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                    .get().parse(r);
            // a byte-order mark before the first name (a spreadsheet's "CSV UTF-8") is no part of it
            List<String> header = parser.getHeaderNames().stream().map(h -> h.replace("\uFEFF", "").strip()
                    .toLowerCase(java.util.Locale.ROOT)).toList();
            String label = LABEL_COLUMNS.stream().filter(header::contains).findFirst().orElse(null);
            if (!header.contains("file") || label == null) {
                throw new LabelsException("labels.csv needs a header line naming the columns file and label (or code, type);"
                        + " its first line names " + header.stream().map(Printable::escaped).toList());
            }
            int fileAt = header.indexOf("file");
            int labelAt = header.indexOf(label);
            for (CSVRecord rec : parser) {
                if (rec.size() <= Math.max(fileAt, labelAt)) {
                    throw new LabelsException("labels.csv line " + parser.getCurrentLineNumber() + " has " + rec.size()
                            + " column(s), not a file and its label");
                }
                rows.add(new String[] {rec.get(fileAt), rec.get(labelAt)});
            }
        }
        return rows;
    }

    /** A labels file the evaluation cannot read, said in one line. */
    static final class LabelsException extends IllegalArgumentException {
        LabelsException(String message) {
            super(message);
        }
    }
}
