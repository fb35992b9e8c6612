package fr.dmp.ingest.cli;

import fr.dmp.ingest.DmpIngestApplication;
import fr.dmp.ingest.job.SafeMessages;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.List;

/** Starts the application context for the commands that need the store, reporting a failed start in one line. */
public final class SpringContext {

    private static volatile int lastStartExit = Cli.EXIT_CANNOT_RUN;

    private SpringContext() {
    }

    /** For the commands that read no file (status, quarantine, document...): the readers and the model are never built. */
    public static ConfigurableApplicationContext start(List<String> springArguments) {
        return start(springArguments, false);
    }

    /**
     * For the commands that only read or change an existing store (status, quarantine, document, audit, kept, purge,
     * rotate-key): an embedded store that does not exist is refused, never created (run from the wrong folder, an
     * empty new store would answer "nothing quarantined").
     */
    public static ConfigurableApplicationContext startExisting(List<String> springArguments) {
        List<String> arguments = new java.util.ArrayList<>(springArguments);
        arguments.add("--dmp.embedded.create=false");
        return start(arguments, false);
    }

    /**
     * @param preload build the content model and the readers on threads of their own while Spring and the database
     *                start: for a run that will read files (issue 19); a command that reads none would only pay for them
     */
    public static ConfigurableApplicationContext start(List<String> springArguments, boolean preload) {
        if (preload) {
            DmpIngestApplication.preload();
        }
        try {
            return new SpringApplicationBuilder(DmpIngestApplication.class).run(springArguments.toArray(new String[0]));
        } catch (RuntimeException e) {
            return failed(e);
        }
    }

    /** A failed start in one line; its exit code kept for {@link #lastStartExit}. */
    private static ConfigurableApplicationContext failed(RuntimeException e) {
        lastStartExit = startupExit(e);
        System.err.println("dmp-ingest: cannot start: " + startupFailure(e));
        return null;
    }

    /**
     * {@code status} during a run reads through the run's server: a run that ends between reading its port and
     * connecting made status fail, "database unreachable" (round 23, seen once by a new operator). Unreachable, or held by a
     * run whose server no longer answers, it tries again each second for a while, until the run has let the store go and
     * status starts its own.
     */
    public static ConfigurableApplicationContext startExistingReadingRun(List<String> springArguments) {
        List<String> arguments = new java.util.ArrayList<>(springArguments);
        arguments.add("--dmp.embedded.create=false");
        arguments.add("--dmp.embedded.read-run=true");
        for (int attempt = 1; ; attempt++) {
            try {
                return new SpringApplicationBuilder(DmpIngestApplication.class).run(arguments.toArray(new String[0]));
            } catch (RuntimeException e) {
                // a run stops its database server before its JVM lets the store go: for that second or two its port is
                // closed while the store is still held, which said "busy" (exit 5) where a moment later status works
                // a server that does not answer at all (an external database down) is tried once more, as before; only a
                // run holding the store while its server stops is waited for (a review: status took a minute to fail)
                int attempts = holderSilent(e) ? READING_RUN_ATTEMPTS : 2;
                if (attempt >= attempts || !endingRun(e)) {
                    return failed(e);
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return start(arguments, false);
            }
        }
    }

    /** Tries of {@link #startExistingReadingRun}, one a second: a run's end (its server stopped, its JVM exiting) fits. */
    static final int READING_RUN_ATTEMPTS = 10;

    private static boolean holderSilent(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof fr.dmp.ingest.store.EmbeddedPostgresServer.InUse inUse && inUse.holderSilent()) {
                return true;
            }
        }
        return false;
    }

    /** The run held the store and its server did not answer, or answered and went: it is ending, the store soon free. */
    private static boolean endingRun(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (unreachable(c) || c instanceof fr.dmp.ingest.store.EmbeddedPostgresServer.InUse inUse
                    && inUse.holderSilent()) {
                return true;
            }
        }
        return false;
    }

    /** This cause (not its own causes) says the server could not be reached. */
    private static boolean unreachable(Throwable c) {
        return c instanceof java.net.ConnectException || c instanceof org.postgresql.util.PSQLException p
                && p.getSQLState() != null && p.getSQLState().startsWith("08");
    }

    /** The exit code of the last failed start (README, exit codes): busy 5, configuration 3, else 1. */
    public static int lastStartExit() {
        return lastStartExit;
    }

    static int startupExit(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof fr.dmp.ingest.store.EmbeddedPostgresServer.InUse) {
                return Cli.EXIT_BUSY;
            }
            if (c instanceof org.postgresql.util.PSQLException p && p.getSQLState() != null
                    && (p.getSQLState().equals("3D000") || p.getSQLState().startsWith("28"))) {
                return Cli.EXIT_CONFIGURATION;
            }
            if (c instanceof fr.dmp.ingest.domain.ConfigurationFailure) {
                return Cli.EXIT_CONFIGURATION; // a key, a password file, a folder: the operator's to fix (README)
            }
        }
        return Cli.EXIT_CANNOT_RUN;
    }

    public static String startupFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof fr.dmp.ingest.store.EmbeddedPostgresServer.InUse inUse) {
                return inUse.getMessage(); // names a process and a folder, never health data
            }
            if (c instanceof org.postgresql.util.PSQLException p && "3D000".equals(p.getSQLState())) {
                return "the database of spring.datasource.url does not exist (SQLState 3D000); create it first (README)";
            }
            if (c instanceof org.postgresql.util.PSQLException p && p.getSQLState() != null && p.getSQLState().startsWith("28")) {
                return "the database refused the credentials (SQLState " + p.getSQLState() + ")";
            }
            if (c instanceof org.postgresql.util.PSQLException p && fr.dmp.ingest.store.StoreException.meaning(p.getSQLState()) != null) {
                return fr.dmp.ingest.store.StoreException.meaning(p.getSQLState()) + " (SQLState " + p.getSQLState() + ")";
            }
            if (unreachable(c)) {
                return "database unreachable (" + c.getClass().getSimpleName() + ")" + fr.dmp.ingest.store.FreeSpace.lowIn(java.nio.file.Path.of("var"));
            }
        }
        return SafeMessages.describe(e) + fr.dmp.ingest.store.FreeSpace.lowIn(java.nio.file.Path.of("var"));
    }

}
