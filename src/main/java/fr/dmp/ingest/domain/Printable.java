package fr.dmp.ingest.domain;

/**
 * A sender's text (a file name, a comment) as one harmless line of a terminal: control characters (ESC, a line break),
 * the Unicode line separators and the bidirectional overrides are written as escapes. A file named
 * {@code "x\u001b[31m.hl7"} or {@code "a\nb.hl7"} could otherwise recolour the operator's terminal or fake a line
 * of {@code quarantine list} (round 9 attack 3); the console shows them the same way (a right-to-left override made
 * "invoice\u202Efdp.hl7" read "invoicelh7.pdf"). An INS written in it is masked ({@link InsInText}): senders name
 * files after the patient, and no full INS leaves the store (round 16).
 */
public final class Printable {

    private Printable() {
    }

    public static String of(Object value) {
        return value == null ? null : escaped(InsInText.masked(value.toString()));
    }

    /**
     * The operator's own text (a path given on the command line) as one harmless line, escaped but not masked: a
     * long number in a temporary folder's name is no INS (round 17: "junit-3544916192362519364" lost digits).
     */
    public static String escaped(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString();
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unsafe = Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F';
            if (unsafe && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                if (unsafe) {
                    out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
