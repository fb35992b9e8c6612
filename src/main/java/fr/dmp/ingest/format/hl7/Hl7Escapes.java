package fr.dmp.ingest.format.hl7;

import ca.uhn.hl7v2.parser.DefaultEscaping;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.parser.Escaping;

/**
 * HL7 v2 escape sequences (v2.5 section 2.7, v2.7 2.7.4 for {@code \P\}) undone as HAPI's {@link DefaultEscaping} does,
 * except that an escape character starting no sequence is kept as written: HAPI drops it, and a titre sent as
 * {@code 1\64} by a sender who did not escape its backslash was stored "164" (round 35, a tester; {@code C:\dossier}
 * became {@code C:dossier}). Formatting ({@code \.br\}, {@code \H\}, {@code \N\}) and hexadecimal, local and character
 * set sequences ({@code \X..\}, {@code \Z..\}, {@code \C..\}, {@code \M..\}) are left for the readers, as HAPI leaves them;
 * {@code \P\} is the truncation character.
 */
public final class Hl7Escapes implements Escaping {

    private static final DefaultEscaping HAPI = new DefaultEscaping();

    @Override
    public String escape(String text, EncodingCharacters chars) {
        return HAPI.escape(text, chars);
    }

    @Override
    public String unescape(String text, EncodingCharacters chars) {
        char escape = chars.getEscapeCharacter();
        if (text.indexOf(escape) < 0) {
            return text;
        }
        int n = text.length();
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c != escape) {
                out.append(c);
                i++;
                continue;
            }
            // \F\ \S\ \T\ \R\ \E\ and v2.7's \P\: one character each
            if (i + 2 < n && text.charAt(i + 2) == escape) {
                char code = text.charAt(i + 1);
                Character meant = switch (code) {
                    case 'F' -> chars.getFieldSeparator();
                    case 'S' -> chars.getComponentSeparator();
                    case 'T' -> chars.getSubcomponentSeparator();
                    case 'R' -> chars.getRepetitionSeparator();
                    case 'E' -> escape;
                    case 'P' -> truncation(chars);
                    default -> null;
                };
                if (meant != null) {
                    out.append(meant.charValue());
                    i += 3;
                    continue;
                }
            }
            int closing = text.indexOf(escape, i + 1);
            char next = i + 1 < n ? text.charAt(i + 1) : 0;
            boolean sequence = switch (next) {
                case '.', 'X', 'Z', 'C', 'M' -> closing > i + 1;
                case 'H', 'N' -> closing == i + 2;
                default -> false;
            };
            if (sequence) {
                out.append(text, i, closing + 1); // left for the readers (formatting, hexadecimal), as HAPI leaves them
                i = closing + 1;
            } else {
                out.append(c); // no sequence: the sender's own backslash
                i++;
            }
        }
        return out.toString();
    }

    private static char truncation(EncodingCharacters chars) {
        char t = chars.getTruncationCharacter();
        return t == 0 ? '#' : t;
    }
}
