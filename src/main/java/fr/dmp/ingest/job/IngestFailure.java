package fr.dmp.ingest.job;

/** The job could not run at all (unknown feed, unreadable folder, database unreachable): one line. */
public class IngestFailure extends RuntimeException {
    public IngestFailure(String message) {
        super(message);
    }
}
