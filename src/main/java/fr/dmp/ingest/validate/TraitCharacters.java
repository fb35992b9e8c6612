package fr.dmp.ingest.validate;

import fr.dmp.ingest.domain.Traits;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The characters the INS referential allows in identity traits (ins.md, "Identity status and traits",
 * second round): names hold only Latin letters, space, hyphen and apostrophe, after ligatures are folded
 * ({@code Æ}→{@code AE}, {@code Œ}→{@code OE}) and with every apostrophe and hyphen variant (U+0027, U+2019,
 * U+02BC, U+002D, U+2010, U+2011, U+2013) counting as a separator. A Latin letter may carry diacritics
 * ({@code Zoé}, {@code Gaëtan}: names are compared without them), at most two marks on a letter; a Latin letter
 * without a decomposition ({@code ł}, {@code ø}, {@code ß}) is a Latin letter too. The
 * birth place is an INSEE code: five characters, digits and {@code A}/{@code B} (Corsica), as the
 * sidecar schema has it.
 *
 * <p>A Greek or Cyrillic letter is what a wrongly declared character set makes of French text (HL7
 * MSH-18 {@code 8859/7} over ISO-8859-1 bytes turns {@code HÉLOÏSE Gaëtan} into {@code HΙLOΟSE Gaλtan}):
 * ins.md says such a name is not a name, refuse the document and never open a dossier with it.
 */
public final class TraitCharacters {

    /** Latin letters A–Z (any case), space and the separators of ins.md; checked after folding and without marks. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z" + Traits.SEPARATOR_CLASS + "]+");
    private static final Pattern INSEE = Pattern.compile("[0-9ABab]{5}");
    /** No name field comes near this; bounds the work on a hostile value. */
    static final int MAX_LENGTH = 200;

    private TraitCharacters() {
    }

    /** Which trait breaks the rule and how (never its value), or empty when all of them hold. */
    public static Optional<String> problem(Traits traits) {
        Optional<String> p = name("birth name", traits.birthName());
        if (p.isPresent()) {
            return p;
        }
        int i = 0;
        for (String first : traits.firstNames()) {
            i++;
            p = name("first name " + i, first);
            if (p.isPresent()) {
                return p;
            }
        }
        String place = traits.birthPlace();
        if (place != null && !place.isBlank() && !INSEE.matcher(place.strip()).matches()) {
            return Optional.of("birth place is not an INSEE code (5 characters, digits, 2A/2B)");
        }
        return Optional.empty();
    }

    /** A name holds only what the referential allows; absent (null or blank) is for other checks to judge. */
    static Optional<String> name(String which, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.length() > MAX_LENGTH) {
            return Optional.of(which + " longer than " + MAX_LENGTH + " characters");
        }
        if (mojibake(value)) {
            return Optional.of(which + " is UTF-8 read in a single-byte character set: a wrongly declared character set?");
        }
        String folded = Traits.foldLetters(value);
        String decomposed = Normalizer.normalize(folded, Normalizer.Form.NFD);
        StringBuilder base = new StringBuilder(decomposed.length());
        int marks = 0;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                // a diacritic belongs on a letter, and no French (nor any Latin) letter carries more than two
                if (base.isEmpty() || !Character.isLetter(base.charAt(base.length() - 1)) || ++marks > 2) {
                    return Optional.of(which + " holds stacked or stray diacritics");
                }
                continue;
            }
            marks = 0;
            base.append(c);
        }
        int bad = base.codePoints().filter(cp -> !NAME.matcher(Character.toString(cp)).matches() && !otherLatinLetter(cp))
                .findFirst().orElse(-1);
        if (bad >= 0) {
            return Optional.of(which + " holds a character outside the INS referential's set (" + kind(bad) + ")");
        }
        return Optional.empty();
    }

    /** What a name is written back in to find mojibake: looked up once, not per name. */
    private static final java.nio.charset.Charset[] SINGLE_BYTE_SETS = {java.nio.charset.Charset.forName("windows-1252"),
            java.nio.charset.StandardCharsets.ISO_8859_1};

    /**
     * A name that, written back in Windows-1252 (else ISO-8859-1), is UTF-8 with a multi-byte character: {@code LECÅ’UR}
     * is {@code LECŒUR} decoded in the wrong set (round 17: a CDA or HL7 message declared 8859/1 over UTF-8 bytes
     * opened a dossier with it). A real name never holds {@code Ã} or {@code Å} followed by such a character.
     */
    static boolean mojibake(String value) {
        boolean high = false;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                high = true;
                break;
            }
        }
        if (!high) {
            return false;
        }
        for (java.nio.charset.Charset set : SINGLE_BYTE_SETS) {
            java.nio.charset.CharsetEncoder encoder = set.newEncoder();
            if (encoder.canEncode(value)) {
                byte[] bytes = value.getBytes(set);
                return fr.dmp.ingest.format.TextCharsets.isMultiByteUtf8(bytes, 0, bytes.length);
            }
        }
        return false;
    }

    /**
     * A Latin letter that no decomposition brings back to A–Z: {@code ł Ø đ ß ı} (Wójcik-Śliwa, Małgorzata, Øster):
     * ins.md allows Latin letters, and these are (found by an independent writer: a Polish name was refused). Not
     * the full-width forms nor modifier letters and ordinals ({@code ª}), which no civil status writes.
     */
    private static boolean otherLatinLetter(int cp) {
        int type = Character.getType(cp);
        return (type == Character.UPPERCASE_LETTER || type == Character.LOWERCASE_LETTER)
                && Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN
                && !(cp >= 0xFF00 && cp <= 0xFFEF);
    }

    /** What kind of character it is, for the operator: its script or category, never the name around it. */
    private static String kind(int codePoint) {
        if (Character.isLetter(codePoint)) {
            try {
                Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
                return script.name().toLowerCase(Locale.ROOT) + " letter"
                        + (script == Character.UnicodeScript.LATIN ? "" : ": a wrongly declared character set?");
            } catch (IllegalArgumentException e) {
                return "letter";
            }
        }
        if (Character.isDigit(codePoint)) {
            return "digit";
        }
        if (Character.isISOControl(codePoint)) {
            return "control character";
        }
        return String.format("U+%04X", codePoint);
    }
}
