package fr.dmp.ingest.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.core.type.AnnotatedTypeMetadata;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * When no {@code spring.datasource.url} is configured, the job and the tests run on an embedded, real
 * PostgreSQL (never H2, never a mock): the migrations run as its owner, the job as {@code dmp_ingest}, each
 * with its password (the server accepts no connection without one: issue 16, leak 1).
 * A configured URL (e.g. {@code SPRING_DATASOURCE_URL}) makes Spring Boot's own data source apply
 * instead (then {@code SPRING_FLYWAY_USER} names the owner, {@code SPRING_DATASOURCE_USERNAME} the job's role).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDataSourceConfigured.class)
public class EmbeddedDatabaseConfiguration {

    static final class NoDataSourceConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return url == null || url.isBlank();
        }
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgres(@Value("${dmp.embedded.data-dir:var/db}") String dataDir,
                                            @Value("${dmp.embedded.durable:true}") boolean durable,
                                            @Value("${dmp.embedded.share:false}") boolean share,
                                            @Value("${dmp.embedded.create:true}") boolean create,
                                            @Value("${dmp.embedded.read-run:false}") boolean readRun) {
        if (dataDir.isBlank()) {
            return EmbeddedPostgresServer.start(null, durable); // blank: temporary
        }
        // a running console (serve) shares its server: runs started meanwhile connect to it (issue 18)
        return EmbeddedPostgresServer.startOrAttach(Path.of(dataDir), durable, share, create, readRun);
    }

    /**
     * The job's connections, as the least-privileged role the migrations create (rules.md R10): it
     * writes documents and cannot read their contents.
     */
    @Bean(destroyMethod = "close")
    @Primary
    DataSource dataSource(EmbeddedPostgresServer server, @Value("${dmp.pool-size:10}") int poolSize,
                          @Value("${dmp.embedded.app-user:dmp_ingest}") String user) {
        if (server.password(user) == null || user.equals(server.ownerUser())) {
            throw new IllegalStateException("dmp.embedded.app-user must be one of the job's roles, not " + user);
        }
        return pool(server, user, poolSize, "embedded-" + user);
    }

    /** The schema owner's connection, for Flyway only (and the tests' checks). */
    @Bean(destroyMethod = "close")
    @FlywayDataSource
    DataSource ownerDataSource(EmbeddedPostgresServer server) {
        return pool(server, server.ownerUser(), 2, "embedded-owner");
    }

    private static HikariDataSource pool(EmbeddedPostgresServer server, String user, int size, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername(user);
        config.setPassword(server.password(user));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        config.setPoolName(name);
        config.setInitializationFailTimeout(-1); // connect on first use: the job's role exists once Flyway ran
        return new HikariDataSource(config);
    }
}
