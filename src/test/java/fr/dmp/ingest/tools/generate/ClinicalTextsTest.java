package fr.dmp.ingest.tools.generate;

import fr.dmp.ingest.classify.Catalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The synthetic classifier corpus: reproducible, labelled consistently, catalogue types only, no INS-like numbers. */
class ClinicalTextsTest {

    /** 15 digits in a row, or spaced the way a NIR / INS is written (1 23 45 67 890 123 45). */
    private static final Pattern INS_LIKE = Pattern.compile("\\d{15}|(?<!\\d)[12] ?\\d{2} ?\\d{2} ?(\\d{2}|2[AB]) ?\\d{3} ?\\d{3} ?\\d{2}(?!\\d)");
    private static final Path COMMITTED = Path.of("classify-corpus");

    @Test
    void sameSeedSameTextDifferentSeedOtherText() {
        for (String type : ClinicalTexts.typeCodes()) {
            String a = ClinicalTexts.document(type, new Random(42));
            assertThat(ClinicalTexts.document(type, new Random(42))).as(type).isEqualTo(a);
            assertThat(ClinicalTexts.document(type, new Random(43))).as(type).isNotEqualTo(a);
        }
        assertThat(ClinicalTexts.unknown(new Random(7))).isEqualTo(ClinicalTexts.unknown(new Random(7)));
        assertThat(ClinicalTexts.corpus(2, 3, 99, ClinicalTexts.Split.EVAL))
                .isEqualTo(ClinicalTexts.corpus(2, 3, 99, ClinicalTexts.Split.EVAL));
    }

    @Test
    void everyTypeIsInTheCatalogue() {
        Catalogue catalogue = Catalogue.load();
        assertThat(ClinicalTexts.typeCodes()).hasSizeGreaterThanOrEqualTo(19).doesNotHaveDuplicates();
        for (String type : ClinicalTexts.typeCodes()) {
            assertThat(catalogue.type(type)).as(type).isPresent();
        }
    }

    @Test
    void anUnknownTypeIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClinicalTexts.document("99999-9", new Random(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void labelsMatchTheWrittenFiles(@TempDir Path dir) throws IOException {
        ClinicalTexts.writeCorpus(dir, 3, 5, 11L);
        Map<String, String> labels = checkLabelsMatchFiles(dir);
        assertThat(labels).hasSize(3 * ClinicalTexts.typeCodes().size() + 5);
        for (String type : ClinicalTexts.typeCodes()) {
            assertThat(labels.values().stream().filter(type::equals).count()).as(type).isEqualTo(3);
        }
        assertThat(labels.values().stream().filter(ClinicalTexts.UNKNOWN::equals).count()).isEqualTo(5);
    }

    @Test
    void noInsLikeNumberAndAReasonableLength() {
        for (ClinicalTexts.Split split : ClinicalTexts.Split.values()) {
            for (ClinicalTexts.Entry e : ClinicalTexts.corpus(30, 60, 1234L + split.ordinal(), split)) {
                assertThat(INS_LIKE.matcher(e.text()).find()).as(e.label() + " " + e.text()).isFalse();
                if (!ClinicalTexts.UNKNOWN.equals(e.label())) {
                    assertThat(e.text().length()).as(e.label() + " " + e.text()).isBetween(120, 2500);
                }
            }
        }
    }

    @Test
    void theTrainingSplitNeverUsesTheHeldOutVariants() {
        Gen train = new Gen(new Random(5), ClinicalTexts.Split.TRAIN);
        Gen eval = new Gen(new Random(5), ClinicalTexts.Split.EVAL);
        Set<String> seenInTrain = new HashSet<>();
        Set<String> seenInEval = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            seenInTrain.add(train.variant("a", "b", "c", "d", "e", "f"));
            seenInEval.add(eval.variant("a", "b", "c", "d", "e", "f"));
        }
        assertThat(seenInTrain).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(seenInEval).containsExactlyInAnyOrder("a", "b", "c", "d", "e", "f");
    }

    /** The committed corpus is what the documented command writes, consistently labelled, with every type untitled at times. */
    @Test
    void theCommittedCorpusIsReproducibleAndComplete() throws IOException {
        assertThat(COMMITTED.resolve("train/labels.csv")).as("classify-corpus/ is committed; see its README").exists();
        checkSplit("train", ClinicalTexts.corpus(ClinicalTexts.TRAIN_PER_TYPE, ClinicalTexts.TRAIN_UNKNOWN, ClinicalTexts.TRAIN_SEED,
                ClinicalTexts.Split.TRAIN), 30);
        checkSplit("eval", ClinicalTexts.corpus(ClinicalTexts.EVAL_PER_TYPE, ClinicalTexts.EVAL_UNKNOWN, ClinicalTexts.EVAL_SEED,
                ClinicalTexts.Split.EVAL), 10);

        Set<String> trainTexts = new HashSet<>();
        for (ClinicalTexts.Entry e : ClinicalTexts.corpus(ClinicalTexts.TRAIN_PER_TYPE, ClinicalTexts.TRAIN_UNKNOWN, ClinicalTexts.TRAIN_SEED,
                ClinicalTexts.Split.TRAIN)) {
            trainTexts.add(e.text());
        }
        for (ClinicalTexts.Entry e : ClinicalTexts.corpus(ClinicalTexts.EVAL_PER_TYPE, ClinicalTexts.EVAL_UNKNOWN, ClinicalTexts.EVAL_SEED,
                ClinicalTexts.Split.EVAL)) {
            if (e.text().length() > 80) {
                assertThat(trainTexts).as("eval document " + e.file() + " also in train").doesNotContain(e.text());
            }
        }
    }

    private static void checkSplit(String split, List<ClinicalTexts.Entry> expected, int minPerType) throws IOException {
        Path dir = COMMITTED.resolve(split);
        Map<String, String> labels = checkLabelsMatchFiles(dir);
        assertThat(labels).hasSize(expected.size());
        Map<String, Integer> perLabel = new HashMap<>();
        Map<String, Integer> untitled = new HashMap<>();
        for (ClinicalTexts.Entry e : expected) {
            assertThat(labels.get(e.file())).as(split + "/" + e.file()).isEqualTo(e.label());
            assertThat(Files.readString(dir.resolve(e.file()), StandardCharsets.UTF_8))
                    .as(split + "/" + e.file() + " differs from the generator's output: regenerate it (classify-corpus/README.md)")
                    .isEqualTo(e.text());
            assertThat(INS_LIKE.matcher(e.text()).find()).as(split + "/" + e.file()).isFalse();
            perLabel.merge(e.label(), 1, Integer::sum);
            if (!e.titled()) {
                untitled.merge(e.label(), 1, Integer::sum);
            }
        }
        for (String type : ClinicalTexts.typeCodes()) {
            assertThat(perLabel.getOrDefault(type, 0)).as(split + " " + type).isGreaterThanOrEqualTo(minPerType);
            assertThat(untitled.getOrDefault(type, 0)).as(split + " " + type + " without title").isGreaterThanOrEqualTo(1);
        }
        assertThat(perLabel.getOrDefault(ClinicalTexts.UNKNOWN, 0)).as(split + " UNKNOWN").isGreaterThanOrEqualTo(20);
    }

    /** labels.csv has the header file,label, one line per .txt file of the folder, and known labels only. */
    private static Map<String, String> checkLabelsMatchFiles(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("labels.csv"), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("file,label");
        Set<String> known = new HashSet<>(ClinicalTexts.typeCodes());
        known.add(ClinicalTexts.UNKNOWN);
        Map<String, String> labels = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).as(line).hasSize(2);
            assertThat(known).as(line).contains(cells[1]);
            assertThat(labels.put(cells[0], cells[1])).as("listed twice: " + cells[0]).isNull();
            assertThat(dir.resolve(cells[0])).as(line).isRegularFile();
        }
        Set<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).forEach(files::add);
        }
        assertThat(files).isEqualTo(new TreeSet<>(labels.keySet()));
        return labels;
    }
}
