package fr.dmp.ingest.store;

import java.sql.SQLException;

/**
 * A database failure, described without the server's message: PostgreSQL puts key values in it
 * ({@code Key (ins)=(…) already exists}), and those are health data.
 */
public class StoreException extends RuntimeException implements fr.dmp.ingest.domain.SafeToPrint {

    private final String sqlState;
    private final boolean transientFailure;

    /** The cause is described (class and SQLState) but not chained: its message may hold data. */
    public StoreException(String what, Throwable cause) {
        super(what + describe(cause), null);
        this.sqlState = sqlState(cause);
        this.transientFailure = Transience.isTransient(cause);
        setStackTrace(cause.getStackTrace());
    }

    public String sqlState() {
        return sqlState;
    }

    /** Whether another attempt may succeed (the database was unreachable, a lock conflict). */
    public boolean isTransient() {
        return transientFailure;
    }

    static String describe(Throwable t) {
        String state = sqlState(t);
        return " (" + rootClass(t) + (state == null ? "" : ", SQLState " + state) + ")";
    }

    public static String sqlState(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    private static String rootClass(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName();
    }
}
