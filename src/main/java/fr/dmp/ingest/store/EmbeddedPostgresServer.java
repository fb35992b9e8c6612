package fr.dmp.ingest.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL started from the zonky binaries when no server is configured, keeping its data in
 * a folder (by default {@code var/db}) so that a second run sees the first. Its server log goes to
 * {@code <data>.log}, never to the application log, and is terse: PostgreSQL error details carry key
 * values, which are health data. A server left running by a killed JVM is stopped before a new start.
 */
public final class EmbeddedPostgresServer implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start(Path dataDirectory) {
        return start(dataDirectory, true);
    }

    /**
     * @param durable fsync and synchronous commit on (zonky turns them off, a test default): a committed
     *                disposition must survive a power cut, or "nothing is lost" is not true
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, boolean durable) {
        return start(dataDirectory, durable, 0);
    }

    /** @param port a fixed port (to restart the same server where its clients expect it), or 0 for any */
    public static EmbeddedPostgresServer start(Path dataDirectory, boolean durable, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (port > 0) {
                builder.setPort(port);
            }
            Path logFile;
            if (dataDirectory == null) {
                // a throw-away server (tests): zonky's temporary folder, removed at close
                logFile = Files.createTempFile("dmp-ingest-postgres", ".log");
            } else {
                Path data = dataDirectory.toAbsolutePath().normalize();
                Files.createDirectories(data.getParent());
                stopOrphan(data);
                logFile = data.resolveSibling(data.getFileName() + ".log");
                builder.setDataDirectory(data).setCleanDataDirectory(false);
            }
            EmbeddedPostgres pg = builder
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("log_error_verbosity", "terse")
                    .setServerConfig("log_min_error_statement", "panic")
                    .setServerConfig("max_connections", "60")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setOutputRedirector(Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(Redirect.appendTo(logFile.toFile()))
                    .start();
            return new EmbeddedPostgresServer(pg);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /** Without a user: zonky's own URL names {@code postgres}, which would override the pool's user. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly ({})", e.getClass().getSimpleName());
        }
    }

    /**
     * A JVM killed with SIGKILL leaves its embedded server running with the data folder locked. When the
     * {@code postmaster.pid} names a live postgres whose parent is gone, it is ours and orphaned: ask it
     * for a fast shutdown. One with a live parent belongs to another run: refuse to share the folder.
     */
    static void stopOrphan(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (server.isEmpty()) {
            return; // stale file: PostgreSQL removes it itself at start
        }
        Optional<String> command = server.get().info().command();
        if (command.isPresent() && !command.get().contains("postgres")) {
            return; // the pid was reused by something else: the stale file will be replaced
        }
        Optional<ProcessHandle> parent = server.get().parent().filter(ProcessHandle::isAlive);
        if (parent.isPresent() && parent.get().pid() != 1 && parent.get().info().command().map(c -> c.contains("java")).orElse(false)) {
            throw new IllegalStateException("the embedded database in " + data + " is in use by process " + parent.get().pid());
        }
        log.warn("stopping the embedded PostgreSQL left running by a killed run (pid {})", pid);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            server.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            server.get().destroyForcibly();
        }
    }
}
