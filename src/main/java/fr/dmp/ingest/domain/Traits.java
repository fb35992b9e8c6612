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
     * apostrophe and hyphen variant counts as a separator ({@link #SEPARATOR_CLASS}), as does any white space; a run
     * of separators counts as one.
     */
    private static final Pattern SEPARATORS = Pattern.compile("[\\s" + Traits.SEPARATOR_CLASS + "]+");

    /**
     * The separators of a name, as a regex character class body: ins.md's apostrophes (U+0027, U+2019, U+02BC) and
     * hyphens (U+002D, U+2010, U+2011, U+2013) and the space, and what people type for them (round 16: refused
     * {@code IDENTITY_NOT_QUALIFIED}): a tab, a no-break or narrow no-break space (U+00A0, U+202F, U+2007); the
     * left quote U+2018, backtick U+0060, acute accent U+00B4 and turned comma U+02BB for an apostrophe; the figure
     * dash U+2012, em dash U+2014 and minus U+2212 for a hyphen. Each folds to one space before names are compared.
     */
    public static final String SEPARATOR_CLASS = " \\t\\u00A0\\u202F\\u2007"
            + "\\u0027\\u2019\\u02BC\\u2018\\u0060\\u00B4\\u02BB"
            + "\\u002D\\u2010\\u2011\\u2012\\u2013\\u2014\\u2212";

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
        // ins.md: ligatures fold to their letters; NFD does not decompose them (they are letters, not marks), nor the
        // letters with a stroke or bar, which the INS referential writes as their base letter (round 16: NGUYỄN Đức
        // against NGUYEN DUC was refused)
        String folded = foldLetters(name);
        String decomposed = Normalizer.normalize(folded, Normalizer.Form.NFD);
        String plain = MARKS.matcher(decomposed).replaceAll("");
        String spaced = SEPARATORS.matcher(plain).replaceAll(" ").strip();
        String upper = spaced.toUpperCase(Locale.ROOT);
        return upper.isEmpty() ? null : upper;
    }

    /** Latin letters with no decomposition, each to the letters the referential writes for it. */
    private static final String[][] FOLDS = {
            {"Æ", "AE"}, {"æ", "ae"}, {"Œ", "OE"}, {"œ", "oe"},
            {"Đ", "D"}, {"đ", "d"}, {"Ð", "D"}, {"ð", "d"}, {"Ł", "L"}, {"ł", "l"}, {"Ø", "O"}, {"ø", "o"},
            {"Ħ", "H"}, {"ħ", "h"}, {"Ŧ", "T"}, {"ŧ", "t"}, {"Ɨ", "I"}, {"ɨ", "i"}, {"ı", "i"}, {"ß", "ss"}, {"ẞ", "SS"},
            {"Þ", "TH"}, {"þ", "th"}, {"Ĳ", "IJ"}, {"ĳ", "ij"}};

    /** The name with ligatures and stroke letters folded ({@link #FOLDS}); marks are left to NFD. */
    public static String foldLetters(String name) {
        String out = name;
        for (String[] f : FOLDS) {
            if (out.indexOf(f[0].charAt(0)) >= 0) {
                out = out.replace(f[0], f[1]);
            }
        }
        return out;
    }

    /**
     * The traits that identify the patient and are absent here, by name (never a value): birth name, a first name and
     * birth date, and the sex too when {@code withSex} (what a dossier is opened with: M or F; U, unknown, is absent). A blank or punctuation-only
     * name ("-", " ") is absent. Every document carries the first three (validate/DocumentValidator); a dossier is
     * opened only with all four (link/Linker).
     */
    public List<String> absent(boolean withSex) {
        List<String> out = new java.util.ArrayList<>();
        if (normalisedBirthName() == null) {
            out.add("birth name");
        }
        if (normalisedFirstNames().isEmpty()) {
            out.add("first name");
        }
        if (withSex && sex != Sex.M && sex != Sex.F) {
            out.add("sex"); // U (unknown, or a code outside M/F) is no trait to open a dossier with (round 17)
        }
        if (birthDate == null) {
            out.add("birth date");
        }
        return out;
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
