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
    void theTitleBlockAndHeadingsTakenFromTheBodysAnalysisAreTheirOwn() {
        // lines that the title block cuts, colons glued to words, spaces and tabs around, CRLF, a mark opening a line,
        // words of over 255 letters, digits, elisions, a heading at the very end without a line break
        String longLine = "Compte rendu opératoire du service de chirurgie viscérale et digestive ".repeat(6);
        String[] edges = {
                "CENTRE HOSPITALIER\n" + longLine + "\nMotif:douleur\n",
                "  \t Lettre de liaison \r\n\r\nMotif : douleur thoracique\r\nConclusion:RAS\r\nTraitement",
                "\u0301accent seul\nL'hôpital d'instruction\n:deux points d'abord\nA:B:C\n" + "x".repeat(300) + "\nfin",
                "a".repeat(260) + " b\n" + "c".repeat(40) + ":" + "d".repeat(10) + "\n" + "e".repeat(60) + ":f",
                "ORDONNANCE\n\n\n1) Doliprane 1000 mg : 1 cp x 3/j\nNFS CRP\nHTA, ATCD : RAS\n   \n",
                "un\ndeux\ntrois\nquatre\ncinq\nsix\nsept", "\n\n\n", ":", "Titre sans fin de ligne"};
        for (String text : edges) {
            assertSameFeatures(text);
        }
    }

    @Test
    void theBodysAnalysisIsReusedOnlyUnderTheCut() {
        // abbreviations that push the text past MAX_CHARS, and a text just under it
        String under = ("Compte rendu\nMotif: bilan\n").repeat(FrenchText.MAX_CHARS / 26);
        String over = ("CRH HTA ATCD\nConclusion: RAS\n").repeat(FrenchText.MAX_CHARS / 29);
        assertThat(FrenchText.expandAbbreviations(over).length()).isGreaterThan(FrenchText.MAX_CHARS);
        assertSameFeatures(under);
        assertSameFeatures(over);
    }

    private static void assertSameFeatures(String text) {
        Map<String, Integer> named = FrenchText.features(text);
        FeatureHashes.Table hashed = FrenchText.hashedFeatures(text);
        assertThat(hashed.size()).as(text).isEqualTo(named.size());
        named.forEach((f, n) -> assertThat(hashed.get(FeatureHashes.of(f))).as(f).isEqualTo(n));
    }

    @Test
    void theFastFoldIsTheUnicodeDecompositionWithoutMarks() {
        for (String text : texts) {
            String slow = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
            assertThat(FrenchText.fold(text)).isEqualTo(slow);
        }
    }

    @Test
    void theFoldOfATextIsTheFoldsOfItsCharactersAnywhereInTheBmp() {
        // random texts of any BMP characters, marks often (their reordering is what could tie one character to the next),
        // Hangul syllables, compatibility characters, and surrogates, paired and lone
        java.util.Random random = new java.util.Random(21);
        char[] marks = {'\u0301', '\u0327', '\u0316', '\u0345', '\u093C', '\u0F71', '\u05B0', '\u20DD', '\u0903'};
        for (int k = 0; k < 20_000; k++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(10); i > 0; i--) {
                int pick = random.nextInt(10);
                sb.append(pick < 3 ? marks[random.nextInt(marks.length)]
                        : pick < 5 ? (char) ('a' + random.nextInt(26))
                        : pick < 6 ? (char) (0xAC00 + random.nextInt(11_172))
                        : pick < 7 ? "\uD835\uDC00"
                        : (char) random.nextInt(Character.MAX_VALUE + 1));
            }
            String text = sb.toString();
            String slow = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
            assertThat(FrenchText.fold(text)).as("%s", text.chars().mapToObj(Integer::toHexString).toList()).isEqualTo(slow);
        }
    }
}
