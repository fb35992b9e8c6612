package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.domain.Traits;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the traits comparison (ins.md: names compared after removing diacritics, case,
 * hyphens, apostrophes and double spaces; a disagreement on any trait is IDENTITY_MISMATCH, rules.md
 * R1): a name written differently by another system still matches, a different letter never does.
 * Second round (ins.md, after the INS referential's comparison rules, issue 14 part 2): ligatures fold
 * to their letters, every apostrophe and hyphen variant is a separator, a run of separators is one, the
 * birth place (INSEE code) is compared case-folded, and the first names are a list whose elements may
 * hold a space.
 */
class TraitNormalisationPropertiesTest {

    private static final String ACCENTED = "ÀÂÄÉÈÊËÎÏÔÖÙÛÜÇàâäéèêëîïôöùûüç";
    private static final String PLAIN = "AAAEEEEIIOOUUUCaaaeeeeiioouuuc";

    /** One to three words of letters (what a birth name or a first name is made of). */
    @Provide
    Arbitrary<List<String>> names() {
        return Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ").ofMinLength(1).ofMaxLength(12)
                .list().ofMinSize(1).ofMaxSize(3);
    }

    /** Every apostrophe and hyphen variant of ins.md (U+0027, U+2019, U+02BC, U+002D, U+2010, U+2011, U+2013) and the space. */
    static final String[] SEPARATORS = {" ", "\u0027", "\u2019", "\u02BC", "\u002D", "\u2010", "\u2011", "\u2013"};

    /** A run of one to three separators of any kind, as another system may write between two words. */
    private static String separatorRun(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            sb.append(SEPARATORS[r.nextInt(SEPARATORS.length)]);
        }
        return sb.toString();
    }

    /**
     * The same name as another system may write it: case, accents on A/E/I/O/U/C, any separator or run of
     * separators between words, spaces around, and AE/OE written as the ligature Æ/Œ.
     */
    private static String rewrite(List<String> words, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(r.nextBoolean() ? " " : "");
        for (int w = 0; w < words.size(); w++) {
            if (w > 0) {
                sb.append(separatorRun(r));
            }
            String word = words.get(w);
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                boolean lower = r.nextBoolean();
                if (i + 1 < word.length() && word.charAt(i + 1) == 'E' && (c == 'A' || c == 'O') && r.nextBoolean()) {
                    sb.append(c == 'A' ? (lower ? 'æ' : 'Æ') : (lower ? 'œ' : 'Œ')); // ins.md: Æ is AE, Œ is OE
                    i++;
                    continue;
                }
                char out = lower ? Character.toLowerCase(c) : c;
                int accented = indexOfPlain(out, r);
                sb.append(accented >= 0 && r.nextBoolean() ? ACCENTED.charAt(accented) : out);
            }
        }
        return sb.append(r.nextBoolean() ? "  " : "").toString();
    }

    /** Words that hold AE or OE somewhere (what a ligature stands for), between other drawn letters. */
    @Provide
    Arbitrary<List<String>> namesWithLigatures() {
        Arbitrary<String> part = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ").ofMaxLength(5);
        Arbitrary<String> word = net.jqwik.api.Combinators.combine(part, Arbitraries.of("AE", "OE"), part)
                .as((a, lig, b) -> a + lig + b);
        return word.list().ofMinSize(1).ofMaxSize(3);
    }

    /** An INSEE code of a birth place: five digits, or Corsica's 2A/2B followed by three digits. */
    @Provide
    Arbitrary<String> insee() {
        Arbitrary<String> digits3 = Arbitraries.strings().numeric().ofLength(3);
        Arbitrary<String> mainland = Arbitraries.strings().numeric().ofLength(5);
        Arbitrary<String> corsica = net.jqwik.api.Combinators.combine(Arbitraries.of("2A", "2B"), digits3).as((d, c) -> d + c);
        return Arbitraries.oneOf(mainland, corsica);
    }

    /** The index in ACCENTED of an accented form of c, chosen at random among its forms, or -1. */
    private static int indexOfPlain(char c, Random r) {
        List<Integer> forms = new java.util.ArrayList<>();
        for (int i = 0; i < PLAIN.length(); i++) {
            if (PLAIN.charAt(i) == c) {
                forms.add(i);
            }
        }
        return forms.isEmpty() ? -1 : forms.get(r.nextInt(forms.size()));
    }

    private static Traits traits(String birthName, String firstName) {
        return new Traits(birthName, List.of(firstName), Sex.F, BirthDate.of(LocalDate.of(1979, 3, 15)), "75056");
    }

    @Property
    void normalisationIsIdempotent(@ForAll("names") List<String> words, @ForAll long seed) {
        String once = Traits.normaliseName(rewrite(words, seed));
        assertThat(Traits.normaliseName(once)).isEqualTo(once);
    }

    @Property
    void aNameWrittenWithOtherCaseAccentsOrSeparatorsStillMatches(@ForAll("names") List<String> birth,
                                                                  @ForAll("names") List<String> first,
                                                                  @ForAll long seedA, @ForAll long seedB) {
        Traits dossier = traits(rewrite(birth, seedA), rewrite(first, seedA + 1));
        Traits document = traits(rewrite(birth, seedB), rewrite(first, seedB + 1));
        assertThat(TraitComparison.mismatches(document, dossier)).isEmpty();
    }

    @Property
    void aDifferentLetterInTheBirthNameIsAMismatch(@ForAll("names") List<String> birth, @ForAll long seed,
                                                   @ForAll @IntRange(max = 100) int at, @ForAll @IntRange(min = 1, max = 25) int shift) {
        String joined = String.join(" ", birth);
        int pos = at % joined.length();
        if (joined.charAt(pos) == ' ') {
            return;
        }
        char other = (char) ('A' + (joined.charAt(pos) - 'A' + shift) % 26);
        List<String> changed = List.of((joined.substring(0, pos) + other + joined.substring(pos + 1)).split(" "));
        Traits dossier = traits(rewrite(birth, seed), "ZOE");
        Traits document = traits(rewrite(changed, seed + 1), "ZOE");
        assertThat(TraitComparison.mismatches(document, dossier)).containsExactly("birth name");
    }

    @Property
    void aDifferentBirthDateOrSexIsAMismatchNamedWithoutItsValue(@ForAll @IntRange(min = 1, max = 20_000) int days) {
        Traits dossier = traits("FICTIF", "ZOE");
        Traits otherDate = new Traits("FICTIF", List.of("ZOE"), Sex.F, BirthDate.of(LocalDate.of(1979, 3, 15).plusDays(days)), "75056");
        Traits otherSex = new Traits("FICTIF", List.of("ZOE"), Sex.M, BirthDate.of(LocalDate.of(1979, 3, 15)), "75056");
        assertThat(TraitComparison.mismatches(otherDate, dossier)).containsExactly("birth date");
        assertThat(TraitComparison.mismatches(otherSex, dossier)).containsExactly("sex");
    }

    @Property
    void aLigatureMatchesItsLetters(@ForAll("namesWithLigatures") List<String> birth,
                                    @ForAll("namesWithLigatures") List<String> first, @ForAll long seed) {
        // ins.md: Æ folds to AE, Œ to OE ("Lætitia" is "Laetitia", "Cœur" is "COEUR")
        String withLigatures = String.join(" ", birth).replace("AE", "Æ").replace("OE", "œ");
        String firstWithLigatures = String.join(" ", first).replace("AE", "æ").replace("OE", "Œ");
        Traits dossier = traits(String.join(" ", birth), String.join(" ", first));
        Traits document = traits(withLigatures, firstWithLigatures);
        assertThat(TraitComparison.mismatches(document, dossier)).isEmpty();
        assertThat(TraitComparison.mismatches(traits(rewrite(birth, seed), rewrite(first, seed + 1)), dossier)).isEmpty();
        assertThat(Traits.normaliseName(withLigatures)).isEqualTo(Traits.normaliseName(String.join(" ", birth)));
    }

    @Property
    void anyApostropheOrHyphenVariantAndAnyRunOfThemMatches(@ForAll("names") List<String> words, @ForAll long seedA,
                                                           @ForAll long seedB) {
        // ins.md: U+0027, U+2019, U+02BC, U+002D, U+2010, U+2011, U+2013 are separators; runs count as one
        Random a = new Random(seedA);
        Random b = new Random(seedB);
        StringBuilder x = new StringBuilder(words.get(0));
        StringBuilder y = new StringBuilder(words.get(0));
        for (int w = 1; w < words.size(); w++) {
            x.append(separatorRun(a)).append(words.get(w));
            y.append(separatorRun(b)).append(words.get(w));
        }
        assertThat(Traits.normaliseName(x.toString())).isEqualTo(Traits.normaliseName(y.toString()))
                .isEqualTo(String.join(" ", words));
        assertThat(TraitComparison.mismatches(traits(x.toString(), y.toString()), traits(y.toString(), x.toString()))).isEmpty();
    }

    @Property
    void theCaseOfTheBirthPlaceIsIrrelevant(@ForAll("insee") String place, @ForAll boolean lower) {
        // ins.md: the birth place is an INSEE code, compared exactly, case-folded ("2a004" is "2A004")
        Traits dossier = new Traits("FICTIF", List.of("ZOE"), Sex.F, BirthDate.of(LocalDate.of(1979, 3, 15)), place);
        Traits document = new Traits("FICTIF", List.of("ZOE"), Sex.F, BirthDate.of(LocalDate.of(1979, 3, 15)),
                " " + (lower ? place.toLowerCase(java.util.Locale.ROOT) : place) + " ");
        assertThat(TraitComparison.mismatches(document, dossier)).isEmpty();
    }

    @Property
    void anotherBirthPlaceIsAMismatchWhateverItsCase(@ForAll("insee") String place, @ForAll("insee") String other,
                                                     @ForAll boolean lower) {
        if (place.equalsIgnoreCase(other)) {
            return;
        }
        Traits dossier = new Traits("FICTIF", List.of("ZOE"), Sex.F, BirthDate.of(LocalDate.of(1979, 3, 15)), place);
        Traits document = new Traits("FICTIF", List.of("ZOE"), Sex.F, BirthDate.of(LocalDate.of(1979, 3, 15)),
                lower ? other.toLowerCase(java.util.Locale.ROOT) : other);
        assertThat(TraitComparison.mismatches(document, dossier)).containsExactly("birth place");
    }

    @Property
    void aDifferentLetterInAFirstNameIsAMismatchHoweverItIsWritten(@ForAll("namesWithLigatures") List<String> first,
                                                                   @ForAll long seed, @ForAll @IntRange(max = 100) int at,
                                                                   @ForAll @IntRange(min = 1, max = 25) int shift) {
        String joined = String.join(" ", first);
        int pos = at % joined.length();
        if (joined.charAt(pos) == ' ') {
            return;
        }
        char other = (char) ('A' + (joined.charAt(pos) - 'A' + shift) % 26);
        List<String> changed = List.of((joined.substring(0, pos) + other + joined.substring(pos + 1)).split(" "));
        Traits dossier = traits("FICTIF", rewrite(first, seed));
        Traits document = traits("FICTIF", rewrite(changed, seed + 1));
        assertThat(TraitComparison.mismatches(document, dossier)).containsExactly("first names");
    }

    @Property
    void aFirstNameOfSeveralWordsIsOneElementOfTheList(@ForAll("names") List<String> words, @ForAll long seed) {
        // ins.md: one first name may hold a space ("Marie Claire"); never rebuild the list by splitting a joined string
        if (words.size() < 2) {
            return;
        }
        Traits dossier = new Traits("FICTIF", List.of(String.join(" ", words), "ANNE"), Sex.F, BirthDate.of(LocalDate.of(1979, 3, 15)), "75056");
        Traits same = new Traits("FICTIF", List.of(rewrite(words, seed), "Anne"), Sex.F, BirthDate.of(LocalDate.of(1979, 3, 15)), "75056");
        List<String> split = new java.util.ArrayList<>(words);
        split.add("ANNE");
        Traits splitUp = new Traits("FICTIF", split, Sex.F, BirthDate.of(LocalDate.of(1979, 3, 15)), "75056");
        assertThat(TraitComparison.mismatches(same, dossier)).isEmpty();
        assertThat(TraitComparison.mismatches(splitUp, dossier)).containsExactly("first names");
    }

    @Property
    void aListWrittenOutInOneStringAgreesWithTheDossiersNamesWhereverTheyEnd(@ForAll("names") List<String> words,
                                                                              @ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int cut) {
        // a lone CDA given or an HPRIM Net line says the words of the list, not where one first name ends (ins.md)
        if (words.size() < 2) {
            return;
        }
        int at = 1 + cut % (words.size() - 1);
        List<String> dossierNames = List.of(String.join(" ", words.subList(0, at)), String.join("-", words.subList(at, words.size())));
        Traits dossier = new Traits("FICTIF", dossierNames, Sex.F, BirthDate.of(LocalDate.of(1979, 3, 15)), "75056");
        List<String> rewritten = List.of(rewrite(words, seed).split(" "));
        Traits writtenOut = new Traits("FICTIF", rewritten, Sex.F, BirthDate.of(LocalDate.of(1979, 3, 15)), "75056", true);
        Traits known = new Traits("FICTIF", words, Sex.F, BirthDate.of(LocalDate.of(1979, 3, 15)), "75056", false);
        assertThat(TraitComparison.mismatches(writtenOut, dossier)).isEmpty();
        // the dossier's first first name alone, written out, agrees too; the list known name by name does not
        Traits firstOnly = new Traits("FICTIF", List.of(rewrite(words.subList(0, at), seed).split(" ")), Sex.F,
                BirthDate.of(LocalDate.of(1979, 3, 15)), "75056", at > 1);
        assertThat(TraitComparison.mismatches(firstOnly, dossier)).isEmpty();
        if (words.size() > 2 && new java.util.HashSet<>(words).size() == words.size()) { // a dossier name of two words: the words known one by one are another list
            assertThat(TraitComparison.mismatches(known, dossier)).containsExactly("first names");
        }
    }

    @Property
    void aListWrittenOutThatEndsInsideADossierFirstNameOrHasOtherWordsIsAMismatch(@ForAll("names") List<String> words,
                                                                                    @ForAll long seed) {
        if (words.size() < 3) {
            return;
        }
        // the dossier has one first name of all the words but the last, then the last: "A B" + "C"
        List<String> head = words.subList(0, words.size() - 1);
        Traits dossier = new Traits("FICTIF", List.of(String.join(" ", head), words.get(words.size() - 1)), Sex.F,
                BirthDate.of(LocalDate.of(1979, 3, 15)), "75056");
        // "A" written out ends inside the first name "A B"
        Traits inside = new Traits("FICTIF", List.of(rewrite(head.subList(0, 1), seed).split(" ")), Sex.F,
                BirthDate.of(LocalDate.of(1979, 3, 15)), "75056", true);
        List<String> reversed = new java.util.ArrayList<>(words);
        java.util.Collections.reverse(reversed);
        Traits otherOrder = new Traits("FICTIF", reversed, Sex.F, BirthDate.of(LocalDate.of(1979, 3, 15)), "75056", true);
        Traits more = new Traits("FICTIF", java.util.stream.Stream.concat(words.stream(), java.util.stream.Stream.of("ZZZ")).toList(),
                Sex.F, BirthDate.of(LocalDate.of(1979, 3, 15)), "75056", true);
        assertThat(TraitComparison.mismatches(inside, dossier)).containsExactly("first names");
        if (!reversed.equals(words)) {
            assertThat(TraitComparison.mismatches(otherOrder, dossier)).containsExactly("first names");
        }
        assertThat(TraitComparison.mismatches(more, dossier)).containsExactly("first names");
    }
}
