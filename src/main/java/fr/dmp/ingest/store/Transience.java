package fr.dmp.ingest.store;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Which database failures are worth another attempt: lost or refused connections (SQLState class 08),
 * serialization failures and deadlocks (40001, 40P01), a server shutting down or out of resources
 * (57P, 53), a lock or statement timeout (55P03, 57014). Anything else is about the data and will fail again.
 */
public final class Transience {

    private Transience() {
    }

    public static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TransientDataAccessException || c instanceof RecoverableDataAccessException
                    || c instanceof DataAccessResourceFailureException || c instanceof CannotCreateTransactionException
                    || c instanceof TransactionSystemException || c instanceof SQLTransientException
                    || c instanceof SQLRecoverableException) {
                return true;
            }
            String state = StoreException.sqlState(c);
            if (state != null && (state.startsWith("08") || state.equals("40001") || state.equals("40P01")
                    || state.startsWith("57P") || state.startsWith("53") || state.equals("55P03") || state.equals("57014"))) {
                return true;
            }
            if (c instanceof java.net.SocketException || c instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }
}
