package fr.dmp.ingest.domain;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The identity traits that must agree with the dossier's (ins.md): birth name, first names (the first
 * is the usual one), sex, birth date and INSEE code of the birth place. Any of them may be absent in
 * a source. {@code toString} never prints them.
 */
public record Traits(String birthName, List<String> firstNames, Sex sex, LocalDate birthDate, String birthPlace) {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[-'’\\s]+");

    public Traits {
        firstNames = firstNames == null ? List.of() : List.copyOf(firstNames);
    }

    public static Traits none() {
        return new Traits(null, List.of(), null, null, null);
    }

    /** Names compared without diacritics, case, hyphens, apostrophes or double spaces (ins.md). */
    public static String normaliseName(String name) {
        if (name == null) {
            return null;
        }
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
        String plain = MARKS.matcher(decomposed).replaceAll("");
        String spaced = SEPARATORS.matcher(plain).replaceAll(" ").strip();
        String upper = spaced.toUpperCase(Locale.ROOT);
        return upper.isEmpty() ? null : upper;
    }

    public String normalisedBirthName() {
        return normaliseName(birthName);
    }

    public List<String> normalisedFirstNames() {
        return firstNames.stream().map(Traits::normaliseName).filter(n -> n != null).toList();
    }

    @Override
    public String toString() {
        return "Traits[masked]";
    }
}
