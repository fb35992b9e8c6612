package fr.dmp.ingest.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * When no {@code spring.datasource.url} is configured, the job and the tests run on an embedded, real
 * PostgreSQL (never H2, never a mock). A configured URL (e.g. {@code SPRING_DATASOURCE_URL}) makes
 * Spring Boot's own data source apply instead.
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
                                            @Value("${dmp.embedded.durable:true}") boolean durable) {
        return EmbeddedPostgresServer.start(dataDir.isBlank() ? null : Path.of(dataDir), durable); // blank: temporary
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgresServer server, @Value("${dmp.pool-size:10}") int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername("postgres");
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(5_000);
        config.setPoolName("embedded");
        return new HikariDataSource(config);
    }
}
