package fr.dmp.ingest.link;

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

    /** The same name as another system may write it: case, accents on A/E/I/O/U/C, separators, spaces. */
    private static String rewrite(List<String> words, long seed) {
        Random r = new Random(seed);
        String[] separators = {" ", "-", "'", "’", "  ", " - "};
        StringBuilder sb = new StringBuilder(r.nextBoolean() ? " " : "");
        for (int w = 0; w < words.size(); w++) {
            if (w > 0) {
                sb.append(separators[r.nextInt(separators.length)]);
            }
            for (char c : words.get(w).toCharArray()) {
                char out = r.nextBoolean() ? Character.toLowerCase(c) : c;
                int accented = indexOfPlain(out, r);
                sb.append(accented >= 0 && r.nextBoolean() ? ACCENTED.charAt(accented) : out);
            }
        }
        return sb.append(r.nextBoolean() ? "  " : "").toString();
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
        return new Traits(birthName, List.of(firstName), Sex.F, LocalDate.of(1979, 3, 15), "75056");
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
        Traits otherDate = new Traits("FICTIF", List.of("ZOE"), Sex.F, LocalDate.of(1979, 3, 15).plusDays(days), "75056");
        Traits otherSex = new Traits("FICTIF", List.of("ZOE"), Sex.M, LocalDate.of(1979, 3, 15), "75056");
        assertThat(TraitComparison.mismatches(otherDate, dossier)).containsExactly("birth date");
        assertThat(TraitComparison.mismatches(otherSex, dossier)).containsExactly("sex");
    }
}
