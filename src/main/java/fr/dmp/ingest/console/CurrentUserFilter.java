package fr.dmp.ingest.console;

import fr.dmp.ingest.store.ConsoleUsers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A session holds the rights its user had at login. Round 9 (console attacks 19 and 33): an operator given the
 * auditor role and a new password with {@code serve --add-user}, or disabled, kept an open session with the
 * operator's rights and requeued files. Each request checks the user as the store has it now: the same role, still
 * enabled, the same password; otherwise the session ends and the browser goes back to the login page.
 */
final class CurrentUserFilter extends OncePerRequestFilter {

    /** The password hash the session was opened with: a reset password ends the sessions opened with the old one. */
    static final String PASSWORD_AT_LOGIN = CurrentUserFilter.class.getName() + ".password";

    private final ConsoleUsers users;

    CurrentUserFilter(ConsoleUsers users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a != null && a.isAuthenticated() && !(a instanceof AnonymousAuthenticationToken)) {
            Optional<ConsoleUsers.User> now = users.find(a.getName());
            HttpSession session = request.getSession(false);
            String role = "ROLE_" + (now.map(u -> u.role().equals("auditor")).orElse(false) ? ConsoleSecurity.AUDITOR : ConsoleSecurity.OPERATOR);
            boolean same = now.isPresent() && now.get().enabled()
                    && a.getAuthorities().stream().anyMatch(g -> g.getAuthority().equals(role));
            if (same && session != null) {
                Object atLogin = session.getAttribute(PASSWORD_AT_LOGIN);
                if (atLogin == null) {
                    session.setAttribute(PASSWORD_AT_LOGIN, now.get().passwordHash());
                } else {
                    same = Objects.equals(atLogin, now.get().passwordHash());
                }
            }
            if (!same) {
                SecurityContextHolder.clearContext();
                if (session != null) {
                    session.invalidate();
                }
                users.event(a.getName(), "SESSION_ENDED", "the user's role, password or access changed");
                response.sendRedirect(request.getContextPath() + "/login?expired");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
