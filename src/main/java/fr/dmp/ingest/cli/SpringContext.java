package fr.dmp.ingest.cli;

import fr.dmp.ingest.DmpIngestApplication;
import fr.dmp.ingest.job.SafeMessages;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.List;

/** Starts the application context for the commands that need the store, reporting a failed start in one line. */
public final class SpringContext {

    private SpringContext() {
    }

    public static ConfigurableApplicationContext start(List<String> springArguments) {
        try {
            return new SpringApplicationBuilder(DmpIngestApplication.class).run(springArguments.toArray(new String[0]));
        } catch (RuntimeException e) {
            System.err.println("dmp-ingest: cannot start: " + startupFailure(e));
            return null;
        }
    }

    public static String startupFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof fr.dmp.ingest.store.EmbeddedPostgresServer.InUse inUse) {
                return inUse.getMessage(); // names a process and a folder, never health data
            }
            if (c instanceof java.net.ConnectException || c instanceof org.postgresql.util.PSQLException p
                    && p.getSQLState() != null && p.getSQLState().startsWith("08")) {
                return "database unreachable (" + c.getClass().getSimpleName() + ")";
            }
        }
        return SafeMessages.describe(e);
    }
}
