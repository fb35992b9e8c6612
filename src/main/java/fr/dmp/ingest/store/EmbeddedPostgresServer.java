package fr.dmp.ingest.store;

import fr.dmp.ingest.intake.OwnerOnly;

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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL started from the zonky binaries when no server is configured, keeping its data in
 * a folder (by default {@code var/db}) so that a second run sees the first. Its server log goes to
 * {@code <data>.log}, never to the application log, and is terse: PostgreSQL error details carry key
 * values, which are health data. A server left running by a killed JVM is stopped before a new start.
 *
 * <p>It accepts only its owner (issue 16, leak 1): every {@code local} and {@code host} line of its
 * {@code pg_hba.conf} asks for {@code scram-sha-256}, the cluster is created with a password for {@code postgres}
 * (never a {@code trust} window), and the job's roles get passwords of their own ({@link EmbeddedSecrets}).
 */
public final class EmbeddedPostgresServer implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** Every way in asks for a password: Unix socket and loopback TCP, IPv4 and IPv6, replication included. */
    static final String PG_HBA = """
            # written by dmp-ingest at every start: a password (SCRAM) for everyone, on every way in
            local   all             all                                     scram-sha-256
            host    all             all             127.0.0.1/32            scram-sha-256
            host    all             all             ::1/128                 scram-sha-256
            local   replication     all                                     scram-sha-256
            host    replication     all             127.0.0.1/32            scram-sha-256
            host    replication     all             ::1/128                 scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final java.nio.channels.FileChannel lock;
    private final EmbeddedSecrets secrets;
    /** The port of a server another process holds (a console's {@code serve}, or a run's for {@code status}), when this one only connects to it. */
    private final int attachedPort;
    /** Whether initdb made this store in this start (a temporary one too): only then may a missing key file be made. */
    private final boolean newStore;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, java.nio.channels.FileChannel lock, EmbeddedSecrets secrets,
                                   int attachedPort, boolean newStore) {
        this.postgres = postgres;
        this.lock = lock;
        this.secrets = secrets;
        this.attachedPort = attachedPort;
        this.newStore = newStore;
    }

    /** Written after the pid in {@code <data>.lock} by a server that lets other runs connect (the console, issue 18). */
    static final String SHARED = "shared-port ";
    /**
     * Written there by any other process that holds the store (a run): only {@code status} connects to it, to read
     * while a night's run goes on (round 11 left status refused, exit 5, for the whole run); a second run or a command
     * that changes things still waits for the run to end.
     */
    static final String RUN = "run-port ";

    /**
     * The store of {@code dataDirectory}: started here, or, when a live console ({@code serve}) holds it and shares
     * it, that console's server, connected to with the passwords of {@code <data>.secret} (the same OS user).
     *
     * @param share let later runs connect to this server while it runs (only the console: it outlives the runs)
     */
    public static EmbeddedPostgresServer startOrAttach(Path dataDirectory, boolean durable, boolean share) {
        return startOrAttach(dataDirectory, durable, share, true);
    }

    /**
     * @param create whether a missing store may be created here: false for the commands that only read one (status,
     *               quarantine, document...), which, run from another folder, would otherwise create an empty store and
     *               report it ("0 file(s) open"), a false all-clear (found by an operator tester)
     */
    public static EmbeddedPostgresServer startOrAttach(Path dataDirectory, boolean durable, boolean share, boolean create) {
        return startOrAttach(dataDirectory, durable, share, create, false);
    }

    /** @param readRun connect to the server of a run that holds the store, to read it (status) */
    public static EmbeddedPostgresServer startOrAttach(Path dataDirectory, boolean durable, boolean share, boolean create,
                                                       boolean readRun) {
        if (!create && !Files.exists(dataDirectory.toAbsolutePath().normalize().resolve("PG_VERSION"))) {
            throw new fr.dmp.ingest.domain.ConfigurationFailure("no store in " + dataDirectory.toAbsolutePath().normalize()
                    + " (no run has made one in this folder): run the command in the folder where ingest runs, the one holding var/,"
                    + " or set SPRING_DATASOURCE_URL");
        }
        try {
            EmbeddedPostgresServer server = start(dataDirectory, durable, 0);
            if (server.lock != null) {
                server.lock.truncate(0);
                server.lock.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n" + (share ? SHARED : RUN)
                        + server.port()).getBytes(StandardCharsets.US_ASCII)));
                server.lock.force(true);
            }
            return server;
        } catch (InUse e) {
            Path data = dataDirectory.toAbsolutePath().normalize();
            Optional<Integer> port = sharedPort(data, SHARED);
            if (share && port.isPresent()) {
                // a second console attached to the first's server and, that one stopped, refused every login as a wrong
                // password (round 31, a tester): one console per install
                throw new InUse("a console already serves the embedded database " + data.getFileName() + " ("
                        + e.getMessage() + "): one console per install; use it, or stop it first");
            }
            String holder = "a running console";
            if (port.isEmpty() && readRun) {
                port = sharedPort(data, RUN);
                holder = "a run";
            }
            if (port.isEmpty()) {
                throw e;
            }
            if (!answers(port.get())) {
                // the console outlived its database (its postgres killed): every command said "database unreachable"
                // without naming the console (round 29, a crash tester)
                throw new InUse("the embedded database " + data + " is held by " + holder + " whose database server does not"
                        + " answer (port " + port.get() + "): stop that " + (holder.contains("console") ? "console (serve)" : "run")
                        + " and start it again (" + e.getMessage() + ")", true);
            }
            EmbeddedSecrets secrets = EmbeddedSecrets.loadOrCreate(data.resolveSibling(data.getFileName() + ".secret"));
            log.info("the embedded database {} is held by {}: connecting to it", data.getFileName(), holder);
            return new EmbeddedPostgresServer(null, null, secrets, port.get(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot share the embedded PostgreSQL", e);
        }
    }

    /** Whether a server listens on this local port. */
    private static boolean answers(int port) {
        java.net.InetAddress[] local;
        try {
            local = java.net.InetAddress.getAllByName("localhost"); // as jdbcUrl names it: IPv4, IPv6 or both
        } catch (IOException e) {
            local = new java.net.InetAddress[] {java.net.InetAddress.getLoopbackAddress()};
        }
        for (java.net.InetAddress address : local) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(address, port), 3000);
                return true;
            } catch (IOException e) {
                // the next address
            }
        }
        return false;
    }

    /** The port a live console ({@link #SHARED}) or run ({@link #RUN}) serves the store on, from the lock file it holds. */
    static Optional<Integer> sharedPort(Path data, String kind) {
        try {
            List<String> lines = Files.readAllLines(data.resolveSibling(data.getFileName() + ".lock"), StandardCharsets.US_ASCII);
            return lines.stream().filter(l -> l.startsWith(kind)).findFirst()
                    .map(l -> Integer.parseInt(l.substring(kind.length()).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether this start made the store (initdb): an existing store's key file is never made again, only restored. */
    public boolean newStore() {
        return newStore;
    }

    /** Whether this process only connects to a server another (a console) runs. */
    public boolean attached() {
        return postgres == null;
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
        Path pwFile = null;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(PostgresBinaries.workingFolder(dataDirectory).toFile());
            if (port > 0) {
                builder.setPort(port);
            }
            Path logFile;
            EmbeddedSecrets secrets;
            boolean fresh = true;
            if (dataDirectory == null) {
                // a throw-away server (tests): zonky's temporary folder, removed at close; passwords in memory
                logFile = Files.createTempFile("dmp-ingest-postgres", ".log");
                secrets = EmbeddedSecrets.generate();
            } else {
                Path data = dataDirectory.toAbsolutePath().normalize();
                Files.createDirectories(data.getParent());
                lock = holdDataFolder(data);
                stopOrphan(data);
                logFile = OwnerOnly.file(data.resolveSibling(data.getFileName() + ".log")); // server errors may quote values
                Path secretFile = data.resolveSibling(data.getFileName() + ".secret");
                if (!Files.exists(secretFile) && Files.exists(data.resolve("postgresql.conf")) && !acceptsTrust(data)) {
                    throw new fr.dmp.ingest.domain.ConfigurationFailure("the embedded database " + data.getFileName() + " asks for passwords but its"
                            + " password file " + secretFile.getFileName() + " is missing: restore it, or move the folder away"
                            + " to start an empty store");
                }
                secrets = EmbeddedSecrets.loadOrCreate(secretFile);
                builder.setDataDirectory(data).setCleanDataDirectory(false);
                fresh = !Files.exists(data.resolve("PG_VERSION"));
            }
            // a new cluster is created with the owner's password and SCRAM everywhere (initdb reads the last -A)
            pwFile = Files.createTempFile("dmp-ingest-pw", ".tmp"); // rw------- (POSIX temporary file)
            Files.writeString(pwFile, secrets.owner() + "\n", StandardCharsets.US_ASCII);
            boolean[] legacyTrust = {false};
            builder.setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig("pwfile", pwFile.toString())
                    .setConnectConfig("password", secrets.owner())
                    .setDataDirectoryCustomizer(dir -> legacyTrust[0] = closeTheDoor(dir.toPath()));
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
            try {
                grantPasswords(pg, secrets, legacyTrust[0]);
            } catch (SQLException | IOException | RuntimeException e) {
                pg.close();
                throw new IllegalStateException("cannot secure the embedded PostgreSQL (" + e.getClass().getSimpleName()
                        + (e instanceof SQLException q ? ", SQLState " + q.getSQLState() : "") + ")");
            }
            if (dataDirectory != null) {
                Path zonkyLock = dataDirectory.toAbsolutePath().normalize().resolve("epg-lock");
                if (Files.exists(zonkyLock)) {
                    OwnerOnly.file(zonkyLock); // zonky's own lock file inside the data folder, created with the umask
                }
            }
            return new EmbeddedPostgresServer(pg, lock, secrets, 0, fresh);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lock);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory, (IOException) e);
        } finally {
            deleteQuietly(pwFile);
        }
    }

    /** Whether a cluster's {@code pg_hba.conf} still lets someone in without a password (a store made before issue 16). */
    static boolean acceptsTrust(Path data) {
        try {
            return Files.readAllLines(data.resolve("pg_hba.conf"), StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .anyMatch(l -> !l.endsWith("scram-sha-256"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded database's access rules", e);
        }
    }

    /**
     * Before the server starts: SCRAM for every line of {@code pg_hba.conf}. A cluster made before issue 16 (trust,
     * no owner password yet) is left as it is for this one start and secured by {@link #grantPasswords}.
     *
     * @return whether the cluster is such a legacy one
     */
    private static boolean closeTheDoor(Path data) {
        if (acceptsTrust(data) && !isFresh(data)) {
            return true;
        }
        writeHba(data);
        return false;
    }

    /** A cluster initdb made in this start has no {@code postmaster.opts} yet (written by its first postmaster). */
    private static boolean isFresh(Path data) {
        return !Files.exists(data.resolve("postmaster.opts"));
    }

    private static void writeHba(Path data) {
        try {
            Path hba = data.resolve("pg_hba.conf");
            Path tmp = data.resolve("pg_hba.conf.tmp");
            Files.writeString(tmp, PG_HBA, StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, hba, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the embedded database's access rules", e);
        }
    }

    /**
     * As the owner: the passwords of the owner and of each job role (created here, before Flyway, which creates them
     * only when absent), applied at every start so the database and {@code <data>.secret} agree. A legacy trust
     * cluster gets its SCRAM rules now, reloaded at once.
     */
    private static void grantPasswords(EmbeddedPostgres pg, EmbeddedSecrets secrets, boolean legacyTrust)
            throws SQLException, IOException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("SET password_encryption = 'scram-sha-256'");
            st.execute("ALTER ROLE " + EmbeddedSecrets.OWNER + " PASSWORD '" + secrets.owner() + "'");
            for (String role : EmbeddedSecrets.ROLES) {
                String rolePassword = secrets.password(role); // generated, from var/db.secret: never a literal
                boolean exists;
                try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
                    exists = rs.next();
                }
                st.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + role + " LOGIN NOSUPERUSER PASSWORD '" + rolePassword + "'");
            }
            if (legacyTrust) {
                Path data = Path.of(currentSetting(st, "data_directory"));
                writeHba(data);
                st.execute("SELECT pg_reload_conf()");
                log.info("the embedded PostgreSQL now asks every connection for a password");
            }
        }
    }

    private static String currentSetting(Statement st, String name) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT current_setting('" + name + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("a temporary file of the embedded PostgreSQL was not deleted ({})", e.getClass().getSimpleName());
        }
    }

    /** Without a user: zonky's own URL names {@code postgres}, which would override the pool's user. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/postgres";
    }

    /** The schema owner, who runs the migrations (never the job: rules.md R10). */
    public String ownerUser() {
        return EmbeddedSecrets.OWNER;
    }

    public String ownerPassword() {
        return secrets.owner();
    }

    /** The password of the owner or of a job role ({@code dmp_ingest}, {@code dmp_reader}, {@code dmp_audit}), else null. */
    public String password(String user) {
        return secrets.password(user);
    }

    public int port() {
        return postgres == null ? attachedPort : postgres.getPort();
    }

    @Override
    public void close() {
        if (postgres == null) {
            return; // the console's server: it stops with the console
        }
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
        private final boolean holderSilent;

        InUse(String message) {
            this(message, false);
        }

        InUse(String message, boolean holderSilent) {
            super(message);
            this.holderSilent = holderSilent;
        }

        /** The holder named its server's port and nothing answers there: a run stopping, or a console whose server died. */
        public boolean holderSilent() {
            return holderSilent;
        }
    }

    /**
     * Holds {@code <data>.lock} for the life of this JVM's server: the operating system releases it when the
     * JVM dies, even by SIGKILL. Held by another live process, the database is theirs: refuse, naming it.
     */
    static java.nio.channels.FileChannel holdDataFolder(Path data) throws IOException {
        Path lockFile = OwnerOnly.file(data.resolveSibling(data.getFileName() + ".lock"));
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
            String holder = new String(Files.readAllBytes(lockFile), StandardCharsets.US_ASCII).strip().split("\\R", 2)[0]; // the pid
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
