package fr.dmp.ingest.domain;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The identity traits that must agree with the dossier's (ins.md): birth name, first names (the first
 * is the usual one), sex, birth date and INSEE code of the birth place. Any of them may be absent in
 * a source. {@code firstNamesWrittenOut} says that the source gave the whole list as one string with
 * nothing but spaces between the names (a lone CDA {@code given}, an HPRIM Net name line): the words are
 * known, not where one first name ends ("Maria Lucia" may be one name or two). {@code toString} never
 * prints them.
 */
public record Traits(String birthName, List<String> firstNames, Sex sex, BirthDate birthDate, String birthPlace,
                     boolean firstNamesWrittenOut) {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /**
     * ins.md ("Identity status and traits", second round, after the INS referential's comparison rules): every
     * apostrophe and hyphen variant counts as a separator (U+0027, U+2019, U+02BC, U+002D, U+2010, U+2011,
     * U+2013), as does any white space; a run of separators counts as one.
     */
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\u0027\\u2019\\u02BC\\u002D\\u2010\\u2011\\u2013]+");

    public Traits {
        firstNames = firstNames == null ? List.of() : List.copyOf(firstNames);
    }

    /** Traits whose first names, when any, are a list known name by name (each in a slot of its own). */
    public Traits(String birthName, List<String> firstNames, Sex sex, BirthDate birthDate, String birthPlace) {
        this(birthName, firstNames, sex, birthDate, birthPlace, false);
    }

    public static Traits none() {
        return new Traits(null, List.of(), null, null, null);
    }

    /** Whether no trait is given at all (a source that carries none, such as the events CSV). */
    public boolean isNone() {
        return equals(none());
    }

    /**
     * Names compared without diacritics, case, hyphens, apostrophes or double spaces (ins.md): ligatures fold
     * to their letters ({@code Æ}→{@code AE}, {@code Œ}→{@code OE}: "Lætitia" is "LAETITIA", "Cœur" is
     * "COEUR"), every apostrophe and hyphen variant is a separator and a run of separators is one space
     * ("D’Arc", "D'ARC", "d‐arc" and "D  ARC" are all "D ARC").
     */
    public static String normaliseName(String name) {
        if (name == null) {
            return null;
        }
        // ins.md: ligatures fold to their letters; NFD does not decompose them (they are letters, not marks)
        String folded = name.replace("Æ", "AE").replace("æ", "ae").replace("Œ", "OE").replace("œ", "oe");
        String decomposed = Normalizer.normalize(folded, Normalizer.Form.NFD);
        String plain = MARKS.matcher(decomposed).replaceAll("");
        String spaced = SEPARATORS.matcher(plain).replaceAll(" ").strip();
        String upper = spaced.toUpperCase(Locale.ROOT);
        return upper.isEmpty() ? null : upper;
    }

    /**
     * The birth place as compared (ins.md): an INSEE code, compared exactly but case-folded ({@code 2a004} is
     * {@code 2A004}, Corsica), without surrounding spaces; null when absent.
     */
    public static String normalisePlace(String place) {
        if (place == null || place.isBlank()) {
            return null;
        }
        return place.strip().toUpperCase(Locale.ROOT);
    }

    public String normalisedBirthPlace() {
        return normalisePlace(birthPlace);
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
