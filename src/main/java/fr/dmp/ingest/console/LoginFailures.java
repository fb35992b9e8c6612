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

    /** Spring Security wraps what the user lookup threw (a database error) as an internal authentication failure. */
    static boolean storeDown(AuthenticationException e) {
        return e instanceof InternalAuthenticationServiceException;
    }
}
