package fr.dmp.ingest.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import java.io.IOException;

/**
 * Where a refused login goes: the login page saying the store does not answer when the user could not be looked up
 * (the database down or stalled), else "wrong user name or password" (a locked name too: saying "locked" would tell a
 * guesser the name exists). The store down was told as a wrong password, and a night operator retried or reset it
 * (round 35, a tester).
 */
final class LoginFailures implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        response.sendRedirect(request.getContextPath() + "/login?" + (storeDown(exception) ? "unavailable" : "error"));
    }

    /**
     * Spring Security wraps what the user lookup threw as an internal authentication failure; the store is down when that
     * was a connection not had or lost (SQLState class 08), not any error: a name holding a NUL byte, refused by
     * PostgreSQL, was told "the store does not answer" and left unaudited (a review, round 35).
     */
    static boolean storeDown(AuthenticationException e) {
        if (!(e instanceof InternalAuthenticationServiceException)) {
            return false;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
