package fr.dmp.ingest.cli;

import fr.dmp.ingest.remote.Worker;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code worker}: a remote partitioning worker (issue 20). Takes partitions of {@code ingest --remote} runs from
 * the broker until stopped (SIGTERM, SIGINT) or refused (another build of the jar than the manager's: exit 3).
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Runs partitions of 'ingest --remote' runs, taken from the broker (spring.rabbitmq.*), against the"
                + " PostgreSQL server of SPRING_DATASOURCE_URL; -Ddmp.remote.worker-threads=N (default 1).")
public final class WorkerCommand implements Callable<Integer> {

    @Unmatched
    List<String> springArguments = new ArrayList<>();

    @Override
    public Integer call() {
        String refused = needsServer(springArguments, "worker");
        if (refused != null) {
            System.err.println("dmp-ingest: " + refused);
            return Cli.EXIT_CONFIGURATION;
        }
        List<String> args = new ArrayList<>(springArguments);
        args.add("--dmp.remote.role=worker");
        args.add("--spring.flyway.enabled=false"); // the manager migrates; a worker never changes the schema
        ConfigurableApplicationContext context = SpringContext.start(args, true); // a worker reads files
        if (context == null) {
            return SpringContext.lastStartExit();
        }
        try (context) {
            // SIGTERM: said, as a manager says its stop (round 32); the container waits a few seconds for the partition in
            // hand, then the context closes: one cut off is run again once it goes stale
            Thread said = new Thread(() -> System.err.println("dmp-ingest: worker stopping: a partition in hand may end"
                    + " within seconds, else another worker runs it again once it goes stale (dmp.remote.stale-after)"));
            Runtime.getRuntime().addShutdownHook(said);
            String why = context.getBean(Worker.class).start().join();
            Runtime.getRuntime().removeShutdownHook(said);
            System.err.println("dmp-ingest: " + why);
            return why.startsWith(Worker.BROKER_REFUSED) ? Cli.EXIT_CANNOT_RUN : Cli.EXIT_CONFIGURATION;
        }
    }

    /**
     * Remote mode shares one PostgreSQL server between manager and workers: the embedded one (a data folder of
     * this machine, one process at a time) cannot be; null when a server is configured, else the line to print.
     */
    static String needsServer(List<String> springArguments, String what) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SimpleCommandLinePropertySource(springArguments.toArray(new String[0])));
        String url = env.getProperty("spring.datasource.url");
        if (url == null || url.isBlank()) {
            return what + " needs a PostgreSQL server shared by the manager and its workers (SPRING_DATASOURCE_URL),"
                    + " not the embedded database";
        }
        return null;
    }
}
