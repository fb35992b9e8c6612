package fr.dmp.ingest.classify;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scoring uses hashed features ({@link FeatureHashes}, issue 13: classification under a quarter of PDF text
 * extraction): it must see exactly the features and weights that training saw by name.
 */
class HashedFeaturesTest {

    static TypeModel model;
    static List<String> texts = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        model = ContentClassifier.shippedModel().orElseThrow();
        // training documents only (the generator's and writers-train), never classify-corpus/independent
        for (String dir : List.of("classify-corpus/train", "classify-corpus/writers-train")) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                files.filter(p -> p.toString().endsWith(".txt")).sorted().limit(60)
                        .forEach(p -> texts.add(read(p)));
            }
        }
        texts.add("Ceci n'est qu'un texte ; Œdème, ÆGIS, naïve, ça, Ǆ, ℌ, 한국어, e\u0301 combiné, ＦＵＬＬ");
        texts.add("");
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theHashedVectorIsTheVectorOfTheNamedFeatures() {
        for (String text : texts) {
            TypeModel.Vector byName = model.vector(FrenchText.features(text));
            TypeModel.Vector hashed = model.hashedVector(FrenchText.hashedFeatures(text));
            assertThat(hashed.idx).isEqualTo(byName.idx);
            assertThat(hashed.val).containsExactly(byName.val, org.assertj.core.data.Offset.offset(1e-12));
            // each row's span of weights, read from the hash index, is the one the sparse rows give
            assertThat(hashed.from).isEqualTo(byName.from);
            assertThat(hashed.to).isEqualTo(byName.to);
            assertThat(model.logits(hashed)).containsExactly(model.logits(byName), org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void everyNamedFeatureHasItsHashAndCount() {
        String text = texts.get(0);
        Map<String, Integer> named = FrenchText.features(text);
        FeatureHashes.Table hashed = FrenchText.hashedFeatures(text);
        assertThat(hashed.size()).isEqualTo(named.size());
        named.forEach((f, n) -> assertThat(hashed.get(FeatureHashes.of(f))).as(f).isEqualTo(n));
    }

    @Test
    void theWordsOfTheCharacterGramsAreTheMatchersWordsAtEveryEdge() {
        // runs of letters of 2, 3, 24, 25, 26, 27, 48, 50; a letter outside the BMP; letters glued to digits
        String[] edges = {"ab cde", "a".repeat(24) + " " + "b".repeat(25) + " " + "c".repeat(26) + " " + "d".repeat(27),
                "e".repeat(48) + " " + "f".repeat(50) + " xy", "\uD835\uDC00bc \uD835\uDC00b ab\uD835\uDC00cd", "abc12def3gh 4ijk",
                "anti-inflammatoire l'hôpital aujourd’hui", texts.get(1)};
        java.util.regex.Pattern matcherWords = java.util.regex.Pattern.compile(
                "\\p{L}{" + FrenchText.WORD_MIN + "," + FrenchText.WORD_MAX + "}"); // what the loop replaced (round 18)
        for (String text : edges) {
            List<String> expected = matcherWords.matcher(text).results().map(java.util.regex.MatchResult::group).toList();
            List<String> found = new ArrayList<>();
            FrenchText.words(text, (start, end) -> found.add(text.substring(start, end)));
            assertThat(found).as(text).isEqualTo(expected);
            Map<String, Integer> named = FrenchText.features(text);
            FeatureHashes.Table hashed = FrenchText.hashedFeatures(text);
            assertThat(hashed.size()).as(text).isEqualTo(named.size());
            named.forEach((f, n) -> assertThat(hashed.get(FeatureHashes.of(f))).as(f).isEqualTo(n));
        }
    }

    @Test
    void theFastFoldIsTheUnicodeDecompositionWithoutMarks() {
        for (String text : texts) {
            String slow = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
            assertThat(FrenchText.fold(text)).isEqualTo(slow);
        }
    }
}
