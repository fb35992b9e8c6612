package fr.dmp.ingest.job;

import fr.dmp.ingest.domain.SafeToPrint;

import java.io.UncheckedIOException;

/**
 * One line about a failure that is safe to print: our own exceptions ({@link SafeToPrint}) say what
 * happened without data; any other is named by its class only, since a library's message may quote
 * the input.
 */
public final class SafeMessages {

    private SafeMessages() {
    }

    /** Whether {@code t} or one of its causes is one of ours, with a message that says what happened. */
    public static boolean hasOwnReason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SafeToPrint) {
                return true;
            }
        }
        return false;
    }

    public static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SafeToPrint) {
                return c.getMessage();
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String said = fr.dmp.ingest.domain.SafeToPrint.systemReason(t);
        if (t instanceof UncheckedIOException u) {
            return u.getMessage().split("\n")[0] + " (" + u.getCause().getClass().getSimpleName() + (said == null ? "" : ": " + said) + ")";
        }
        return root.getClass().getName() + (said == null ? "" : ": " + said);
    }
}
