package fr.dmp.ingest.intake;

import fr.dmp.ingest.domain.Sha256;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Names in the claim folder: {@code <token>_<original name>}, and the companion
 * {@code <token>_<original name>.json}. The token holds no underscore, so the original name is
 * recoverable from the claim folder alone after a crash.
 *
 * <p>A Linux file name may take 255 bytes, and {@code <token>_<name>.json} must fit in those too (issue 16,
 * "Losses" 8: a 255-byte name made every run of its feed fail). When it does not, the claim name keeps the
 * head of the original name cut at a character, then {@code ~} and 12 hex digits of the SHA-256 of the whole
 * name, then its extension: unique, and within the limit. The run keeps the whole name in memory and
 * records it (disposition, archive, quarantine); only a file recovered after a crash is known by the
 * shortened name.
 */
public final class ClaimNames {

    public static final String SEPARATOR = "_";
    /** The longest file name Linux file systems take, in bytes. */
    public static final int MAX_NAME_BYTES = 255;
    /** What a companion adds to its main file's name. */
    private static final int COMPANION_SUFFIX_BYTES = ".json".length();
    private static final int LONGEST_KEPT_EXTENSION = 12;

    private ClaimNames() {
    }

    /** The claim name of a main file; its companion's is this plus {@code .json}. Always within 250 bytes. */
    public static String claimed(String token, String originalName) {
        if (token.contains(SEPARATOR)) {
            throw new IllegalArgumentException("token must not contain '" + SEPARATOR + "'");
        }
        String whole = token + SEPARATOR + originalName;
        int room = MAX_NAME_BYTES - COMPANION_SUFFIX_BYTES;
        if (bytes(whole) <= room) {
            return whole;
        }
        String hash = "~" + Sha256.hex(originalName.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        int dot = originalName.lastIndexOf('.');
        String extension = dot > 0 && bytes(originalName.substring(dot)) <= LONGEST_KEPT_EXTENSION ? originalName.substring(dot) : "";
        int budget = room - bytes(token + SEPARATOR) - hash.length() - bytes(extension);
        return token + SEPARATOR + head(originalName, budget) + hash + extension;
    }

    /** The longest prefix of {@code s} of at most {@code maxBytes} UTF-8 bytes, cut between characters. */
    static String head(String s, int maxBytes) {
        int used = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + n > maxBytes) {
                break;
            }
            used += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The token and original name of a claimed file name, if it is one. */
    public static Optional<String[]> split(String claimedName) {
        int i = claimedName.indexOf(SEPARATOR);
        if (i <= 0 || i == claimedName.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new String[] {claimedName.substring(0, i), claimedName.substring(i + 1)});
    }

    public static String token(Path claimed) {
        return split(claimed.getFileName().toString()).map(p -> p[0]).orElse(null);
    }
}
