package fr.dmp.ingest.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16, loss 7: a second run started while one uses the embedded store took the live server for one left
 * by a killed run and stopped it (pg_ctl detaches the server, so its parent looked dead): both runs failed.
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
            try (Connection c = DriverManager.getConnection(first.jdbcUrl(), "postgres", "");
                 ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue(); // the live run's server was not touched
            }
        }
        // the first run ended: the database is free again
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data, false)) {
            assertThat(again.port()).isPositive();
        }
    }
}
