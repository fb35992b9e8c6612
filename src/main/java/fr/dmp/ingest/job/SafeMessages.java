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
        if (t instanceof UncheckedIOException u) {
            return u.getMessage().split("\n")[0] + " (" + u.getCause().getClass().getSimpleName() + ")";
        }
        String said = systemReason(t);
        return root.getClass().getName() + (said == null ? "" : ": " + said);
    }

    /**
     * What the system said of a file operation, without its paths (a name may be a patient's): a FileSystemException's
     * reason ("Operation not permitted"), or a short IOException message naming no path. Round 14: a drop folder the job
     * could not rename in (sticky bit) ended in "FAILED: java.io.IOException" alone.
     */
    static String systemReason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
                return f.getReason();
            }
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.io.IOException && c.getMessage() != null && c.getMessage().length() < 120
                    && c.getMessage().indexOf('/') < 0 && c.getMessage().indexOf('\\') < 0 && !c.getMessage().isBlank()) {
                return c.getMessage();
            }
        }
        return null;
    }
}
