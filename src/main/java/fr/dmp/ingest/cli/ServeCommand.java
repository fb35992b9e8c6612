package fr.dmp.ingest.cli;

import fr.dmp.ingest.store.ConsoleUsers;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.io.Console;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code serve [--port P] [--bind ADDRESS]}: the operator console (issue 18) on the same store as the
 * commands, bound to the loopback by default; {@code serve --add-user NAME --role operator|auditor}: creates
 * a console user (password from the terminal, or from {@code DMP_CONSOLE_PASSWORD}). No user exists before.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Starts the operator console (web pages: runs, quarantine, dossier history), or adds a console user.")
public final class ServeCommand implements Callable<Integer> {

    /** The environment variable a script gives the new user's password in (never an argument: ps shows those). */
    static final String PASSWORD_VARIABLE = "DMP_CONSOLE_PASSWORD";

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--add-user", paramLabel = "NAME", description = "create (or reset) a console user, then exit")
    String addUser;

    @Option(names = "--role", description = "with --add-user: operator (runs, quarantine) or auditor (dossier history)")
    String role;

    @Option(names = "--disable-user", paramLabel = "NAME",
            description = "disable a console user (its open sessions end; --add-user enables it again), then exit")
    String disableUser;

    @Option(names = "--allowed-host", paramLabel = "NAME",
            description = "a host name the console answers to besides the loopback and its bind address (repeat for several)")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--behind-proxy", description = "behind a TLS reverse proxy on this host or network: read X-Forwarded-*"
            + " from it and send the session cookie as Secure")
    boolean behindProxy;

    @Unmatched
    List<String> springArguments = new ArrayList<>();

    @Override
    public Integer call() {
        if (addUser != null && disableUser != null) {
            System.err.println("dmp-ingest: --add-user or --disable-user, not both");
            return Cli.EXIT_USAGE;
        }
        if (addUser != null) {
            return addUser();
        }
        if (disableUser != null) {
            return disableUser();
        }
        if (role != null) {
            System.err.println("dmp-ingest: --role goes with --add-user");
            return Cli.EXIT_USAGE;
        }
        if (port < 1 || port > 65535) {
            System.err.println("dmp-ingest: --port must be between 1 and 65535");
            return Cli.EXIT_USAGE;
        }
        List<String> arguments = new ArrayList<>(springArguments);
        arguments.add("--spring.main.web-application-type=servlet");
        arguments.add("--server.port=" + port);
        arguments.add("--server.address=" + bind);
        arguments.add("--dmp.embedded.share=true"); // runs started while the console is up connect to its store
        for (String host : allowedHosts) {
            if (!host.matches(ALLOWED_HOST)) {
                System.err.println("dmp-ingest: --allowed-host: a host name or an IP address, without port");
                return Cli.EXIT_USAGE;
            }
        }
        if (!allowedHosts.isEmpty()) {
            arguments.add("--dmp.console.allowed-hosts=" + String.join(",", allowedHosts));
        }
        if (behindProxy) {
            // Tomcat's RemoteIpValve trusts X-Forwarded-For/-Proto/-Host from private and loopback addresses only
            arguments.add("--server.forward-headers-strategy=native");
            arguments.add("--server.servlet.session.cookie.secure=true");
        }
        ConfigurableApplicationContext context = SpringContext.start(arguments);
        if (context == null) {
            return SpringContext.lastStartExit();
        }
        long users = new ConsoleUsers(context.getBean(JdbcTemplate.class)).count();
        System.out.println("dmp-ingest console on http://" + bind + ":" + port + "/ (" + users + " user(s)"
                + (users == 0 ? ": add one with serve --add-user NAME --role operator" : "") + "); Ctrl-C stops it");
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(e -> {
            if (e instanceof org.springframework.context.event.ContextClosedEvent) {
                closed.countDown();
            }
        });
        try {
            closed.await(); // Spring's shutdown hook closes the context on SIGINT/SIGTERM
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.close();
        }
        return 0;
    }

    private int addUser() {
        if (!addUser.matches(ConsoleUsers.NAME_PATTERN)) {
            System.err.println("dmp-ingest: --add-user: a name of 1 to 64 letters, digits, '.', '_' or '-'");
            return Cli.EXIT_USAGE;
        }
        // a user's name is written in the history and the reason files: a run of digits there could be an INS (round 28),
        // also written with dots or dashes between its digits, or a birth date (round 31, a tester: 1.32.06.13.055.877.62)
        if (addUser.chars().filter(Character::isDigit).count() >= 6
                || !fr.dmp.ingest.domain.InsInText.masked(addUser).equals(addUser)) {
            System.err.println("dmp-ingest: --add-user: a name may not hold six digits or more (it is written in the"
                    + " history: it could be an identifier or a date)");
            return Cli.EXIT_USAGE;
        }
        if (role == null || !List.of("operator", "auditor").contains(role)) {
            System.err.println("dmp-ingest: --add-user needs --role operator or --role auditor");
            return Cli.EXIT_USAGE;
        }
        char[] chosen = newUsersPassword();
        if (chosen == null) {
            return Cli.EXIT_USAGE;
        }
        ConfigurableApplicationContext context = SpringContext.start(springArguments);
        if (context == null) {
            return SpringContext.lastStartExit();
        }
        try (context) {
            String hash = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(new String(chosen)); // {bcrypt}
            Arrays.fill(chosen, '\0');
            ConsoleUsers users = new ConsoleUsers(context.getBean(JdbcTemplate.class));
            boolean created;
            try {
                created = users.save(addUser, hash, role);
            } catch (IllegalArgumentException e) {
                System.err.println("dmp-ingest: --add-user " + addUser + ": " + e.getMessage());
                return Cli.EXIT_USAGE;
            }
            users.event(System.getProperty("user.name", "?") + " (shell)",
                    created ? "USER_ADDED" : "USER_RESET", addUser + " as " + role);
            System.out.println((created ? "added" : "updated") + " console user " + addUser + " (" + role + ")");
            return 0;
        }
    }

    private int disableUser() {
        if (!disableUser.matches(ConsoleUsers.NAME_PATTERN)) {
            System.err.println("dmp-ingest: --disable-user: a name of 1 to 64 letters, digits, '.', '_' or '-'");
            return Cli.EXIT_USAGE;
        }
        if (role != null) {
            System.err.println("dmp-ingest: --role goes with --add-user");
            return Cli.EXIT_USAGE;
        }
        ConfigurableApplicationContext context = SpringContext.start(springArguments);
        if (context == null) {
            return SpringContext.lastStartExit();
        }
        try (context) {
            ConsoleUsers users = new ConsoleUsers(context.getBean(JdbcTemplate.class));
            if (!users.disable(disableUser)) {
                System.err.println("dmp-ingest: no console user " + disableUser);
                return Cli.EXIT_USAGE;
            }
            // the row stays: the console's events name the user (docs/console.md); its sessions end at their next request
            users.event(System.getProperty("user.name", "?") + " (shell)", "USER_DISABLED", disableUser);
            System.out.println("disabled console user " + disableUser);
            return 0;
        }
    }

    /** A host name (letters, digits, '-', '.') or an IPv4 or IPv6 address; no port, no scheme. */
    static final String ALLOWED_HOST = "[A-Za-z0-9.-]{1,253}|\\[?[0-9A-Fa-f:.]{2,45}]?";

    /** From the environment, else asked twice on the terminal; at least 12 characters, not guessable from the name. */
    private char[] newUsersPassword() {
        String fromEnvironment = System.getenv(PASSWORD_VARIABLE);
        char[] typed;
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            typed = fromEnvironment.toCharArray();
        } else {
            Console console = System.console();
            if (console == null) {
                System.err.println("dmp-ingest: no terminal to ask the password on: set " + PASSWORD_VARIABLE);
                return null;
            }
            typed = console.readPassword("password for the new user: ");
            char[] again = console.readPassword("again: ");
            if (typed == null || !Arrays.equals(typed, again)) {
                System.err.println("dmp-ingest: the two passwords differ");
                return null;
            }
        }
        String refused = ConsolePasswords.refusal(addUser, typed);
        if (refused != null) {
            Arrays.fill(typed, '\0');
            System.err.println("dmp-ingest: " + refused);
            return null;
        }
        return typed;
    }
}
