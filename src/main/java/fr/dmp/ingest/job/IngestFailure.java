package fr.dmp.ingest.job;

/** The job could not run at all (unknown feed, unreadable folder, database unreachable): one line. */
public class IngestFailure extends RuntimeException implements fr.dmp.ingest.domain.SafeToPrint {
    public IngestFailure(String message) {
        super(message);
    }
}
