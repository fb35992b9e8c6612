package fr.dmp.ingest.console;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.LockedException;

import static org.assertj.core.api.Assertions.assertThat;

/** Round 35, a tester: with the store paused or killed, the right password was told "Wrong user name or password". */
class LoginFailuresTest {

    private String redirectFor(org.springframework.security.core.AuthenticationException e) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new LoginFailures().onAuthenticationFailure(new MockHttpServletRequest("POST", "/login"), response, e);
        return response.getRedirectedUrl();
    }

    @Test
    void aUserLookupTheStoreDidNotAnswerSaysSoAndAWrongPasswordOrALockedNameDoesNot() throws Exception {
        // what DaoAuthenticationProvider throws when the user lookup fails (a connection not had in 5 s)
        var down = new InternalAuthenticationServiceException("x", new CannotGetJdbcConnectionException("no connection"));
        assertThat(redirectFor(down)).isEqualTo("/login?unavailable");
        assertThat(redirectFor(new BadCredentialsException("x"))).isEqualTo("/login?error");
        assertThat(redirectFor(new LockedException("x"))).isEqualTo("/login?error"); // a guesser learns no name
        // a review: another error of the lookup (a name PostgreSQL refuses) is no store down
        assertThat(redirectFor(new InternalAuthenticationServiceException("x", new org.springframework.jdbc.UncategorizedSQLException(
                "lookup", "SELECT", new java.sql.SQLException("invalid byte sequence", "22021"))))).isEqualTo("/login?error");
        assertThat(redirectFor(new InternalAuthenticationServiceException("x", new java.sql.SQLException("gone", "08006"))))
                .isEqualTo("/login?unavailable");
    }
}
