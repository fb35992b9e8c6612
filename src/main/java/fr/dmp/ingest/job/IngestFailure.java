package fr.dmp.ingest.job;

/** The job could not run at all (unknown feed, unreadable folder, database unreachable): one line. */
public class IngestFailure extends RuntimeException implements fr.dmp.ingest.domain.SafeToPrint {
    public IngestFailure(String message) {
        super(message);
    }

    /** Another run holds the feed's lock: nothing was done, try again when it ends. */
    public static final class Busy extends IngestFailure {
        public Busy(String message) {
            super(message);
        }
    }

    /** The feed file is missing or malformed: nothing was done until it is fixed. */
    public static final class Configuration extends IngestFailure {
        public Configuration(String message) {
            super(message);
        }
    }
}
