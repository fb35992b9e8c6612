package fr.dmp.ingest.format.hprim;

import java.util.Optional;

/**
 * The delimiters an HPRIM Santé message declares in its H record, right after the {@code H}: the
 * field separator, then the component, repetition, escape and (optional) sub-component characters.
 * The usual declaration is {@code H|~^\&|}: component {@code ~} and repetition {@code ^}, swapped
 * relative to HL7 (formats.md). They are always read, never assumed.
 *
 * @param subComponent the sub-component separator, or {@link #NONE} when the H record declares none
 */
public record HprimDelimiters(char field, char component, char repetition, char escape, char subComponent) {

    /** No sub-component separator declared. */
    public static final char NONE = '\0';

    /** The usual HPRIM Santé set, {@code |~^\&}. */
    public static final HprimDelimiters DEFAULT = new HprimDelimiters('|', '~', '^', '\\', '&');

    /**
     * The delimiters of an H record line, or empty when the line does not declare a usable set: a
     * field separator then 3 or 4 distinct punctuation characters before the next field separator.
     */
    public static Optional<HprimDelimiters> parse(String hLine) {
        if (hLine.length() < 5 || hLine.charAt(0) != 'H') {
            return Optional.empty();
        }
        char field = hLine.charAt(1);
        if (!isDelimiter(field)) {
            return Optional.empty();
        }
        int end = hLine.indexOf(field, 2);
        String encoding = end < 0 ? hLine.substring(2) : hLine.substring(2, end);
        if (encoding.length() < 3 || encoding.length() > 4) {
            return Optional.empty();
        }
        for (int i = 0; i < encoding.length(); i++) {
            char c = encoding.charAt(i);
            if (!isDelimiter(c) || c == field || encoding.indexOf(c) != i) {
                return Optional.empty();
            }
        }
        char sub = encoding.length() == 4 ? encoding.charAt(3) : NONE;
        return Optional.of(new HprimDelimiters(field, encoding.charAt(0), encoding.charAt(1), encoding.charAt(2), sub));
    }

    /** Printable ASCII that is neither a letter, a digit nor a space. */
    static boolean isDelimiter(int c) {
        return c > 0x20 && c < 0x7F && !Character.isLetterOrDigit(c);
    }

    /** The declaration as it appears in H.2 (without the field separator). */
    public String encodingCharacters() {
        StringBuilder sb = new StringBuilder(4).append(component).append(repetition).append(escape);
        if (subComponent != NONE) {
            sb.append(subComponent);
        }
        return sb.toString();
    }
}
