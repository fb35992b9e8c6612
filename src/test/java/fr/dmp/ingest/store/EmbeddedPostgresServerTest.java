package fr.dmp.ingest.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16, loss 7: a second run started while one uses the embedded store took the live server for one left
 * by a killed run and stopped it (pg_ctl detaches the server, so its parent looked dead): both runs failed.
 * Issue 16, leak 1: any local user connected to the embedded server as {@code postgres} without a password,
 * read identities and lab values, and the key file through {@code pg_read_file}.
 */
class EmbeddedPostgresServerTest {

    @TempDir
    Path dir;

    @Test
    void aSecondStartOnALiveDatabaseIsRefusedNamingTheProcessAndLeavesTheServerRunning() throws Exception {
        Path data = dir.resolve("db");
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(data, false)) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(data, false))
                    .isInstanceOf(EmbeddedPostgresServer.InUse.class)
                    .hasMessageContaining("in use by process " + ProcessHandle.current().pid());
            try (Connection c = DriverManager.getConnection(first.jdbcUrl(), "postgres", first.ownerPassword());
                 ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue(); // the live run's server was not touched
            }
        }
        // the first run ended: the database is free again
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data, false)) {
            assertThat(again.port()).isPositive();
        }
    }

    /**
     * Round 11 left status refused (exit 5) for as long as a night's run held the embedded store. A run now names its
     * server in the lock file; status (and only status) reads through it, while a second run or a command that changes
     * things is still refused until the run ends.
     */
    @Test
    void statusReadsThroughTheServerOfARunThatHoldsTheStoreOtherCommandsStillWait() throws Exception {
        Path data = dir.resolve("db");
        try (EmbeddedPostgresServer run = EmbeddedPostgresServer.startOrAttach(data, false, false, true)) {
            try (EmbeddedPostgresServer status = EmbeddedPostgresServer.startOrAttach(data, false, false, false, true)) {
                assertThat(status.attached()).isTrue();
                assertThat(status.port()).isEqualTo(run.port());
                try (Connection c = DriverManager.getConnection(status.jdbcUrl(), "postgres", status.ownerPassword());
                     ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                    assertThat(rs.next()).isTrue();
                }
            }
            assertThatThrownBy(() -> EmbeddedPostgresServer.startOrAttach(data, false, false, true))
                    .isInstanceOf(EmbeddedPostgresServer.InUse.class); // a second run
            assertThatThrownBy(() -> EmbeddedPostgresServer.startOrAttach(data, false, false, false))
                    .isInstanceOf(EmbeddedPostgresServer.InUse.class) // quarantine, purge, rotate-key...
                    .hasMessage("the embedded database db is in use by process " + ProcessHandle.current().pid()
                            + " (another dmp-ingest run); try again when it ends"); // one line: the pid, not the port
            try (Connection c = DriverManager.getConnection(run.jdbcUrl(), "postgres", run.ownerPassword());
                 ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue(); // the run's server untouched by the reader that left
            }
        }
    }

    /**
     * Round 31, a tester: a second console attached to the first one's server and, once that one stopped, refused every
     * login as a wrong password. One console per install: the second is refused, naming the first; a run still attaches.
     */
    @Test
    void aSecondConsoleIsRefusedWhileOneServesTheStore() throws Exception {
        Path data = dir.resolve("db");
        try (EmbeddedPostgresServer console = EmbeddedPostgresServer.startOrAttach(data, false, true)) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.startOrAttach(data, false, true))
                    .isInstanceOf(EmbeddedPostgresServer.InUse.class)
                    .hasMessageContaining("a console already serves the embedded database").hasMessageContaining("one console per install");
            try (EmbeddedPostgresServer run = EmbeddedPostgresServer.startOrAttach(data, false, false, true)) {
                assertThat(run.attached()).isTrue();
            }
        }
    }

    /** Round 29, a crash tester: the console's database killed, every command said "database unreachable" without naming it. */
    @Test
    void aCommandBesideAConsoleWhoseDatabaseDiedSaysToRestartTheConsole() throws Exception {
        Path data = dir.resolve("db");
        EmbeddedPostgresServer console = EmbeddedPostgresServer.startOrAttach(data, false, true);
        try {
            long postmaster = Long.parseLong(java.nio.file.Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
            ProcessHandle.of(postmaster).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().join();
            });
            assertThatThrownBy(() -> EmbeddedPostgresServer.startOrAttach(data, false, false, true))
                    .isInstanceOf(EmbeddedPostgresServer.InUse.class)
                    .hasMessageContaining("held by a running console whose database server does not answer")
                    .hasMessageContaining("stop that console (serve) and start it again");
        } finally {
            try {
                console.close();
            } catch (RuntimeException alreadyDead) {
                // its server was killed above
            }
        }
    }

    @Test
    void leak1_theStoreRefusesPostgresWithoutOrWithAWrongPasswordAndKeepsItsPasswordsOwnerOnly() throws Exception {
        Path data = dir.resolve("db");
        String owner;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, false)) {
            owner = server.ownerPassword();
            assertRefused(server.jdbcUrl(), "postgres", null);
            assertRefused(server.jdbcUrl(), "postgres", "");
            assertRefused(server.jdbcUrl(), "postgres", "postgres");
            assertRefused(server.jdbcUrl(), "dmp_ingest", null);
            assertRefused(server.jdbcUrl(), "dmp_ingest", server.password("dmp_reader")); // each role its own
            assertThat(query(server.jdbcUrl(), "postgres", owner, "SELECT current_user")).isEqualTo("postgres");
            for (String role : new String[] {"dmp_ingest", "dmp_reader", "dmp_audit"}) {
                assertThat(query(server.jdbcUrl(), role, server.password(role),
                        "SELECT current_user || ' ' || rolsuper FROM pg_roles WHERE rolname = current_user"))
                        .as("a job role logs in with its password and is no superuser").isEqualTo(role + " false");
            }
            assertThat(Files.readAllLines(data.resolve("pg_hba.conf")).stream().filter(l -> !l.isBlank() && !l.startsWith("#")))
                    .isNotEmpty().allSatisfy(l -> assertThat(l).matches("(local|host)\\s.*\\sscram-sha-256"));
        }
        Path secretFile = dir.resolve("db.secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");
        assertThat(Files.readString(secretFile)).contains("postgres=" + owner).contains("dmp_ingest=");
        // the next run finds the same passwords (DatabaseOutageTest restarts on the same folder)
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data, false)) {
            assertThat(again.ownerPassword()).isEqualTo(owner);
            assertRefused(again.jdbcUrl(), "postgres", null);
        }
    }

    @Test
    void leak1_aThrowAwayServerAsksForPasswordsToo() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(null, false)) {
            assertRefused(server.jdbcUrl(), "postgres", null);
            assertRefused(server.jdbcUrl(), "postgres", "wrong");
            assertThat(query(server.jdbcUrl(), "postgres", server.ownerPassword(), "SELECT 'ok'")).isEqualTo("ok");
        }
    }

    @Test
    void leak1_theJobsRoleCannotReadAFileOfTheServerSuchAsTheKeyFile() throws Exception {
        Path key = dir.resolve("keys/content.keys");
        ContentKeys.generate(key);
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(null, false)) {
            for (String role : new String[] {"dmp_ingest", "dmp_reader", "dmp_audit"}) {
                for (String sql : new String[] {
                        "SELECT pg_read_file('" + key.toAbsolutePath() + "')",
                        "SELECT pg_read_binary_file('" + key.toAbsolutePath() + "')::text",
                        "SELECT lo_import('" + key.toAbsolutePath() + "')::text"}) {
                    assertThatThrownBy(() -> query(server.jdbcUrl(), role, server.password(role), sql))
                            .as(role + ": " + sql).isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
                }
            }
        }
    }

    @Test
    void leak1_aStoreMadeBeforeIssue16WithTrustIsSecuredAtItsNextStart() throws Exception {
        Path data = dir.resolve("db");
        try (EmbeddedPostgres legacy = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start()) {
            assertThat(query("jdbc:postgresql://localhost:" + legacy.getPort() + "/postgres", "postgres", null, "SELECT 'open'"))
                    .isEqualTo("open"); // zonky's trust: what issue 16 found
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, false)) {
            assertRefused(server.jdbcUrl(), "postgres", null);
            assertThat(query(server.jdbcUrl(), "postgres", server.ownerPassword(), "SELECT 'ok'")).isEqualTo("ok");
        }
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data, false)) {
            assertRefused(again.jdbcUrl(), "postgres", null);
            assertThat(query(again.jdbcUrl(), "dmp_ingest", again.password("dmp_ingest"), "SELECT 'ok'")).isEqualTo("ok");
        }
    }

    @Test
    void leak1_aStoreThatAsksForPasswordsWithoutItsPasswordFileIsRefusedInOneLine() throws Exception {
        Path data = dir.resolve("db");
        EmbeddedPostgresServer.start(data, false).close();
        Files.delete(dir.resolve("db.secret"));
        assertThatThrownBy(() -> EmbeddedPostgresServer.start(data, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("password file db.secret is missing");
    }

    private static void assertRefused(String url, String user, String given) {
        assertThatThrownBy(() -> query(url, user, given, "SELECT 1"))
                .as(user + " with " + (given == null ? "no password" : "a wrong password"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("28P01", "08004", "28000"));
    }

    private static String query(String url, String user, String password, String sql) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        try (Connection c = DriverManager.getConnection(url, p); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
