package fr.dmp.ingest.console;

import fr.dmp.ingest.store.ConsoleUsers;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may see what (issue 18): form login against the console's users (bcrypt hashes, V30), the operator
 * on runs and quarantine, the auditor on dossier histories, nobody on a document's content; CSRF on every
 * POST; health and Prometheus (counts only) open, for the monitoring on the same host (loopback by default).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ConsoleSecurity {

    public static final String OPERATOR = "OPERATOR";
    public static final String AUDITOR = "AUDITOR";

    @Bean
    SecurityFilterChain consoleFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/console.css", "/runs.js", "/favicon.ico", "/error").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                        .requestMatchers("/dossier", "/dossier/**").hasRole(AUDITOR)
                        .requestMatchers("/", "/runs", "/runs/**", "/quarantine", "/quarantine/**").hasRole(OPERATOR)
                        .requestMatchers("/home").authenticated() // sends each role to its own first page
                        .anyRequest().denyAll())
                .addFilterAfter(new CurrentUserFilter(consoleUsers), org.springframework.security.web.access.ExceptionTranslationFilter.class)
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/home", true).failureHandler(new LoginFailures()).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(
                                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; frame-ancestors 'none'"))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder(); // bcrypt, hashes prefixed {bcrypt}
    }

    @Bean
    UserDetailsService consoleUserDetails(ConsoleUsers users) {
        // a name no user can have is none, before any query (a NUL byte in it made PostgreSQL refuse the lookup: a review)
        return name -> (name == null || !name.matches(ConsoleUsers.NAME_PATTERN) ? java.util.Optional.<ConsoleUsers.User>empty()
                : users.find(name))
                .map(u -> User.withUsername(u.name()).password(u.passwordHash()).disabled(!u.enabled())
                        .accountLocked(throttle.locked(u.name())) // five refusals in fifteen minutes: locked a while
                        .roles(u.role().equals("auditor") ? AUDITOR : OPERATOR).build())
                .orElseThrow(() -> new UsernameNotFoundException("no such console user"));
    }

    @EventListener
    void loggedIn(AuthenticationSuccessEvent e) {
        throttle.succeeded(e.getAuthentication().getName());
        consoleUsers.event(e.getAuthentication().getName(), "LOGIN", null);
    }

    @EventListener
    void refused(AbstractAuthenticationFailureEvent e) {
        if (LoginFailures.storeDown(e.getException())) {
            return; // the store does not answer: nothing can be recorded, and no name is counted against
        }
        String typed = String.valueOf(e.getAuthentication().getPrincipal());
        // what was typed may be anything (a password, an INS in the wrong field): kept only when it names a user
        // (round 9: an INS and a password, both shaped like user names, were stored in clear)
        boolean aUser = typed.matches(ConsoleUsers.NAME_PATTERN) && consoleUsers.find(typed).isPresent();
        if (aUser) {
            throttle.failed(typed);
        }
        consoleUsers.event(aUser ? typed : "?", e instanceof org.springframework.security.authentication.event.AuthenticationFailureLockedEvent
                ? "LOGIN_LOCKED" : "LOGIN_REFUSED", null);
    }

    private final ConsoleUsers consoleUsers;
    private final LoginThrottle throttle = new LoginThrottle(java.time.Clock.systemUTC());

    public ConsoleSecurity(ConsoleUsers consoleUsers) {
        this.consoleUsers = consoleUsers;
    }
}
