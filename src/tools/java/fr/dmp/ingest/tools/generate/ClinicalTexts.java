package fr.dmp.ingest.tools.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Synthetic French clinical documents, one DMP type each (codes.md), and non-clinical documents to be
 * refused, for training and evaluating the content classifier. Plain text, made-up people and
 * establishments, no INS or other national identifier. Reproducible: the same {@link Random} state
 * gives the same text.
 *
 * <p>Variation comes from the type's templates (sections present or not, their order, synonyms of
 * headings and titles, abbreviations, a title line or none, letter or form layout) and from the layout
 * of the sender (letterhead, heading style, date and decimal formats, list bullets, footers, page
 * numbers) and from degradations (accents lost, capitals, hard wraps, OCR misreadings). The
 * {@link Split} holds the rarer wordings and layouts out of training and favours them in evaluation.
 *
 * <p>{@code java -cp target/classes fr.dmp.ingest.tools.generate.ClinicalTexts classify-corpus} writes the
 * committed corpus (see classify-corpus/README.md).
 */
public final class ClinicalTexts {

    public static final String UNKNOWN = "UNKNOWN";

    /** Seeds and sizes of the committed corpus ({@code classify-corpus/}). */
    public static final long TRAIN_SEED = 20260101L;
    public static final long EVAL_SEED = 77001177L;
    public static final int TRAIN_PER_TYPE = 40;
    public static final int TRAIN_UNKNOWN = 60;
    public static final int EVAL_PER_TYPE = 15;
    public static final int EVAL_UNKNOWN = 30;

    /**
     * Which wordings a document may use: {@code TRAIN} never uses the held-out variants (the last third
     * of each variant list: titles, headings, layouts, scenarios, exams...), {@code EVAL} uses them 60 %
     * of the time, {@code ALL} uniformly.
     */
    public enum Split { TRAIN, EVAL, ALL }

    private static final Map<String, Function<Gen, String>> WRITERS = new LinkedHashMap<>();

    static {
        WRITERS.put("11502-2", ReportTexts::lab);
        WRITERS.put("18748-4", ReportTexts::imaging);
        WRITERS.put("11490-0", CareTexts::discharge);
        WRITERS.put("34874-8", ReportTexts::operative);
        WRITERS.put("11488-4", CareTexts::consultation);
        WRITERS.put("57833-6", PrescriptionTexts::medication);
        WRITERS.put("57832-8", PrescriptionTexts::care);
        WRITERS.put("PRESC-BIO", PrescriptionTexts::labOrder);
        WRITERS.put("15507-7", CareTexts::emergency);
        WRITERS.put("60568-3", ReportTexts::pathology);
        WRITERS.put("77436-4", ReportTexts::anesthesia);
        WRITERS.put("34749-2", CareTexts::preAnesthesia);
        WRITERS.put("34794-8", ReportTexts::rcp);
        WRITERS.put("87273-9", CareTexts::vaccination);
        WRITERS.put("89601-9", CareTexts::certificate);
        WRITERS.put("18761-7", CareTexts::transfer);
        WRITERS.put("34133-9", CareTexts::episodeSynthesis);
        WRITERS.put("70004-7", ReportTexts::diagnosticAct);
        WRITERS.put("60593-1", PrescriptionTexts::dispensation);
    }

    private ClinicalTexts() {
    }

    /** The DMP type codes this generator writes, in a fixed order. */
    public static List<String> typeCodes() {
        return List.copyOf(WRITERS.keySet());
    }

    /** One synthetic document of the given DMP type, using every variant. */
    public static String document(String typeCode, Random random) {
        return document(typeCode, random, Split.ALL);
    }

    public static String document(String typeCode, Random random, Split split) {
        Function<Gen, String> writer = WRITERS.get(typeCode);
        if (writer == null) {
            throw new IllegalArgumentException("no synthetic text for type " + typeCode);
        }
        return writer.apply(new Gen(random, split));
    }

    /** One document that is not a clinical document of the DMP and must be refused. */
    public static String unknown(Random random) {
        return unknown(random, Split.ALL);
    }

    public static String unknown(Random random, Split split) {
        return UnknownTexts.any(new Gen(random, split));
    }

    /** A labelled document of a corpus; {@code titled}: whether it has a title line (else only its body tells its type). */
    public record Entry(String file, String label, String text, boolean titled) {
    }

    /**
     * The documents of a corpus: {@code perType} of each type and {@code unknownCount} to refuse, in a
     * shuffled order under neutral names ({@code doc-0001.txt}...) so that neither the order nor the
     * name gives the label away. Document {@code i} depends only on the seed and {@code i}. Besides the
     * documents that happen to have no title, every tenth document of a type (the 4th, 14th...) has its
     * title left out, so that each type has untitled documents in every split.
     */
    public static List<Entry> corpus(int perType, int unknownCount, long seed, Split split) {
        List<String> labels = new ArrayList<>();
        for (String code : typeCodes()) {
            for (int i = 0; i < perType; i++) {
                labels.add(code);
            }
        }
        for (int i = 0; i < unknownCount; i++) {
            labels.add(UNKNOWN);
        }
        Collections.shuffle(labels, new Random(seed));
        List<Entry> out = new ArrayList<>(labels.size());
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            int occurrence = seen.merge(label, 1, Integer::sum) - 1;
            Gen g = new Gen(new Random(mix(seed, i)), split);
            g.untitled = occurrence % 10 == 3;
            String text = UNKNOWN.equals(label) ? UnknownTexts.any(g) : WRITERS.get(label).apply(g);
            out.add(new Entry(String.format("doc-%04d.txt", i + 1), label, text, g.titled));
        }
        return out;
    }

    /** Writes {@code dir/doc-NNNN.txt} (UTF-8) and {@code dir/labels.csv} ({@code file,label}), every variant allowed. */
    public static void writeCorpus(Path dir, int perType, int unknownCount, long seed) {
        writeCorpus(dir, perType, unknownCount, seed, Split.ALL);
    }

    public static void writeCorpus(Path dir, int perType, int unknownCount, long seed, Split split) {
        List<Entry> entries = corpus(perType, unknownCount, seed, split);
        try {
            Files.createDirectories(dir);
            StringBuilder labels = new StringBuilder("file,label\n");
            for (Entry e : entries) {
                Files.writeString(dir.resolve(e.file()), e.text(), StandardCharsets.UTF_8);
                labels.append(e.file()).append(',').append(e.label()).append('\n');
            }
            Files.writeString(dir.resolve("labels.csv"), labels.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the committed corpus: {@code root/train} and {@code root/eval}, each from scratch. */
    public static void writeCommittedCorpus(Path root) {
        for (String split : List.of("train", "eval")) {
            Path dir = root.resolve(split);
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        String name = f.getFileName().toString();
                        if (name.endsWith(".txt") || name.equals("labels.csv")) {
                            Files.delete(f);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        writeCorpus(root.resolve("train"), TRAIN_PER_TYPE, TRAIN_UNKNOWN, TRAIN_SEED, Split.TRAIN);
        writeCorpus(root.resolve("eval"), EVAL_PER_TYPE, EVAL_UNKNOWN, EVAL_SEED, Split.EVAL);
    }

    /** SplitMix64 of the seed and the index: independent streams per document. */
    static long mix(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@code ClinicalTexts <dir>}: writes the committed corpus (train and eval splits) under dir. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ClinicalTexts <corpus-dir>");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        writeCommittedCorpus(root);
        System.out.println("corpus written to " + root.toAbsolutePath());
    }
}
