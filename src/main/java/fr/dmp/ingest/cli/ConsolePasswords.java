package fr.dmp.ingest.cli;

import java.util.Locale;

/**
 * What a new console password must be (round 9 console attack: "aaaaaaaaaaaa" and the user's own name were
 * accepted): at least 12 characters (NIST SP 800-63B asks 8 at least; the console guards dossier histories),
 * not containing the user's name, and not made of a few characters repeated. No composition rule: length is
 * what resists the guessing that {@code LoginThrottle} leaves (five tries per name in fifteen minutes).
 */
final class ConsolePasswords {

    static final int MIN_LENGTH = 12;
    static final int MIN_DISTINCT = 6;

    private ConsolePasswords() {
    }

    /** Why {@code password} is refused for user {@code name}, or null when it is accepted. */
    static final int MAX_BYTES = 72;

    static String refusal(String name, char[] password) {
        if (password.length < MIN_LENGTH) {
            return "a console password has at least " + MIN_LENGTH + " characters";
        }
        // bcrypt reads 72 bytes: a longer one failed with an IllegalArgumentException (round 28, an operator)
        if (new String(password).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "a console password has at most " + MAX_BYTES + " bytes (bcrypt reads no more)";
        }
        String lower = new String(password).toLowerCase(Locale.ROOT);
        if (name != null && name.length() >= 3 && lower.contains(name.toLowerCase(Locale.ROOT))) {
            return "a console password may not contain the user's name";
        }
        if (lower.codePoints().distinct().count() < MIN_DISTINCT) {
            return "a console password needs at least " + MIN_DISTINCT + " different characters";
        }
        return null;
    }
}
