package fr.dmp.ingest.intake;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Names in the claim folder: {@code <token>_<original name>}, and the companion
 * {@code <token>_<original name>.json}. The token holds no underscore, so the original name is
 * recoverable from the claim folder alone after a crash.
 */
public final class ClaimNames {

    public static final String SEPARATOR = "_";

    private ClaimNames() {
    }

    public static String claimed(String token, String originalName) {
        if (token.contains(SEPARATOR)) {
            throw new IllegalArgumentException("token must not contain '" + SEPARATOR + "'");
        }
        return token + SEPARATOR + originalName;
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
