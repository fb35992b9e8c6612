package fr.dmp.ingest.domain;

/**
 * Marks the exceptions whose message we wrote ourselves without data, so that the CLI may print it. Any
 * other exception is named by its class only: a library's message may quote the input.
 */
public interface SafeToPrint {

    /**
     * What the system said of a file operation, without its paths (a name may be a patient's): a FileSystemException's
     * reason ("Operation not permitted"), or a short IOException message naming no path ("No space left on device");
     * else null. Round 14: a drop folder the job could not rename in ended in "FAILED: java.io.IOException" alone.
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
