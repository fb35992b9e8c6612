package fr.dmp.ingest.job;

import fr.dmp.ingest.domain.SafeToPrint;
import fr.dmp.ingest.store.StoreException;

/**
 * A failure that is no property of a file (issue 16, "Losses" 9): the job's role lost a privilege, a
 * table or column is missing, the disk is full, the server failed, or too many files in a row failed
 * with an unexpected error. Quarantining file after file for it would misfile every one of them: the run
 * stops in one line with a non-zero exit, and the files not yet decided stay claimed for the next run.
 */
final class SystemicFailure extends RuntimeException implements SafeToPrint {

    SystemicFailure(String message) {
        super(message, null, false, false);
    }

    /**
     * Whether a store failure is about the database rather than the data: SQLState class 42 (insufficient
     * privilege 42501, undefined table 42P01, undefined column 42703...), 53 (disk full, out of memory,
     * too many connections), 58 (system error, I/O error).
     */
    static boolean isSystemic(StoreException e) {
        String state = e.sqlState();
        return state != null && (state.startsWith("42") || state.startsWith("53") || state.startsWith("58"));
    }

    static SystemicFailure of(StoreException e) {
        String m = e.getMessage();
        return new SystemicFailure("the store refuses every write, not one file: database error"
                + (m.contains(" (") ? m.substring(m.indexOf(" (")) : " (SQLState " + e.sqlState() + ")"));
    }
}
