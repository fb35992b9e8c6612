package fr.dmp.ingest.tools.bench;

import fr.dmp.ingest.store.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The store a bench command loads into: the server of {@code SPRING_DATASOURCE_URL} (with
 * {@code SPRING_DATASOURCE_USERNAME} / {@code SPRING_DATASOURCE_PASSWORD}) when set, as the job
 * would use it; otherwise an embedded PostgreSQL in its own data folder, started durable (fsync and
 * synchronous commit on) like the job's. The schema is migrated with the job's Flyway scripts.
 */
public final class BenchDatabase implements AutoCloseable {

    /** Every table of the store the job writes, emptied by {@link #truncateStore()}. */
    static final String STORE_TABLES = "dmp.document_text, dmp.observation, dmp.document, dmp.content, dmp.dossier,"
            + " dmp.dossier_opposition, dmp.dossier_event, dmp.audit_event, dmp.quarantine_entry, dmp.disposition,"
            + " dmp.run_report, dmp.content_key"; // a throw-away store forgets its keys too (the review: a new key under an old id)

    private final EmbeddedPostgresServer embedded;
    private final String url;
    /** The JDBC login ({@code user}, {@code password}) read from the configuration, never written here. */
    private final Properties login;

    private BenchDatabase(EmbeddedPostgresServer embedded, String url, Properties login) {
        this.embedded = embedded;
        this.url = url;
        this.login = login;
    }

    private static Properties login(String user, String password) {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    /** The configured server URL, or null. */
    public static String configuredUrl() {
        String url = System.getProperty("spring.datasource.url", System.getenv("SPRING_DATASOURCE_URL"));
        return url == null || url.isBlank() ? null : url;
    }

    /** The configured server, or an embedded one whose data lives in {@code embeddedDataDir}. */
    public static BenchDatabase open(Path embeddedDataDir) {
        String url = configuredUrl();
        if (url != null) {
            return new BenchDatabase(null, url, login(setting("spring.datasource.username", "SPRING_DATASOURCE_USERNAME"),
                    setting("spring.datasource.password", "SPRING_DATASOURCE_PASSWORD")));
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(embeddedDataDir, true);
        return new BenchDatabase(server, server.jdbcUrl(), login(server.ownerUser(), server.ownerPassword()));
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    private static String setting(String property, String env) {
        return System.getProperty(property, System.getenv(env));
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, login);
    }

    /**
     * A connection as the job's role ({@code dmp_ingest}, with its grants only): on the embedded server with that
     * role's own password; on a configured server as the configured login, which the job uses too.
     */
    public Connection connectAsJob() throws SQLException {
        if (embedded == null) {
            return connect();
        }
        Properties job = login("dmp_ingest", embedded.password("dmp_ingest"));
        return DriverManager.getConnection(url, job);
    }

    /** The job's schema (db/migration), as Spring Boot's Flyway settings in application.yml apply it. */
    public void migrate() {
        Flyway.configure()
                .dataSource(url, login.getProperty("user"), login.getProperty("password"))
                .schemas("dmp", "batch")
                .defaultSchema("dmp")
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** Empties every table of the store and restarts its identities. */
    public void truncateStore() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE " + STORE_TABLES + " RESTART IDENTITY CASCADE");
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
