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
    private final java.nio.channels.FileChannel lock;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, java.nio.channels.FileChannel lock) {
        this.postgres = postgres;
        this.lock = lock;
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
        java.nio.channels.FileChannel lock = null;
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
                lock = holdDataFolder(data);
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
            return new EmbeddedPostgresServer(pg, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lock);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory, (IOException) e);
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
        } finally {
            closeQuietly(lock);
        }
    }

    /** The embedded database is in use by another live run: a second run must not touch it (issue 16). */
    public static final class InUse extends IllegalStateException implements fr.dmp.ingest.domain.SafeToPrint {
        InUse(String message) {
            super(message);
        }
    }

    /**
     * Holds {@code <data>.lock} for the life of this JVM's server: the operating system releases it when the
     * JVM dies, even by SIGKILL. Held by another live process, the database is theirs: refuse, naming it.
     */
    static java.nio.channels.FileChannel holdDataFolder(Path data) throws IOException {
        Path lockFile = data.resolveSibling(data.getFileName() + ".lock");
        java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lockFile,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock held;
        try {
            held = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            held = null; // this JVM holds it already (a second server in the same process)
        }
        if (held == null) {
            String holder = new String(Files.readAllBytes(lockFile), StandardCharsets.US_ASCII).strip();
            ch.close();
            throw new InUse("the embedded database " + data.getFileName() + " is in use by process "
                    + (holder.isEmpty() ? "?" : holder) + " (another dmp-ingest run); try again when it ends");
        }
        ch.truncate(0);
        ch.write(java.nio.ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
        ch.force(true);
        return ch;
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            log.debug("lock file not closed cleanly ({})", e.getClass().getSimpleName());
        }
    }

    /**
     * A JVM killed with SIGKILL leaves its embedded server running with the data folder locked. Called with
     * the folder's lock held ({@link #holdDataFolder}): a live postgres named by {@code postmaster.pid} then
     * belongs to no live run, so ask it for a fast shutdown. (Guessing from its parent process was wrong:
     * pg_ctl detaches the server, so a live run's server looked orphaned and a second run stopped it.)
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
        // the caller holds the data folder's lock: no live run owns this server, it is a killed run's orphan
        log.warn("stopping the embedded PostgreSQL left running by a killed run (pid {})", pid);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            server.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            server.get().destroyForcibly();
        }
    }
}
