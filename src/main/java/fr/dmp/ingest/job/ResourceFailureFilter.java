package fr.dmp.ingest.job;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Leaves out Spring's, Hikari's and the embedded server's stack traces when the machine lacks a resource (a full disk, no inode, no file descriptor,
 * the database out of space or unreachable): the run's last line says so once, with the SQLState or the system's
 * words. Round 14: a full disk printed 2,236 lines of traces, one set per partition, before that line. Any other
 * failure keeps its trace (an unexpected one is a bug to read).
 */
public final class ResourceFailureFilter extends Filter<ILoggingEvent> {

    private static final String[] SYSTEM_SAYS = {"No space left on device", "Disk quota exceeded", "Too many open files",
            "File too large", "Read-only file system",
            // the database gone (a PostgreSQL that stopped on its full disk, a lost server): the last line says unreachable
            "An I/O error occurred while sending to the backend", "Connection refused", "Connection reset", "Broken pipe",
            "Connection is closed", "This connection has been closed", "Connection is not available"};

    @Override
    public FilterReply decide(ILoggingEvent event) {
        String logger = event.getLoggerName();
        if (!logger.startsWith("org.springframework.") && !logger.startsWith("com.zaxxer.hikari") && !logger.startsWith("io.zonky")) {
            return FilterReply.NEUTRAL;
        }
        String message = event.getMessage();
        if (message != null && message.startsWith("Retry exhausted after last attempt in recovery path")) {
            return FilterReply.DENY; // a line per failed partition, no cause: the partition's own error gives it
        }
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            if ("Partition handler returned an unsuccessful step".equals(t.getMessage())) {
                return FilterReply.DENY; // the manager's trace of its partitions' failure, each said on its own
            }
            if (isResourceFailure(t.getClassName(), t.getMessage())) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }

    static boolean isResourceFailure(String className, String message) {
        if (message == null) {
            return false;
        }
        for (String said : SYSTEM_SAYS) {
            if (message.contains(said)) {
                return true;
            }
        }
        // our own store exceptions carry the SQLState and never the server's message (StoreException)
        return className.endsWith(".StoreException") && (message.contains("SQLState 53") || message.contains("SQLState 08"));
    }
}
