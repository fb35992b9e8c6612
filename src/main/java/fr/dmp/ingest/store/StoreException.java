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
        String meaning = meaning(state);
        return " (" + rootClass(t) + (state == null ? "" : ", SQLState " + state) + (meaning == null ? "" : ": " + meaning) + ")";
    }

    /**
     * What the SQLStates an operator can act on mean (PostgreSQL appendix A, class 53: insufficient resources), or null.
     * Round 14: a full disk was reported only as "SQLState 53100".
     */
    public static String meaning(String state) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case "53100" -> "the database's disk is full";
            // PostgreSQL also says it when its lock table is full ("out of shared memory", max_locks_per_transaction):
            // "add memory" alone sent the operator the wrong way (round 29)
            case "53200" -> "the database server is out of memory, or of room in its lock table (max_locks_per_transaction)";
            case "53300" -> "the database server has too many connections";
            case "53400" -> "a database server limit was exceeded";
            default -> null;
        };
    }

    /** Whether the server lacks a resource (a full disk...): no one is unreachable. */
    public boolean outOfResources() {
        return sqlState != null && sqlState.startsWith("53");
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
