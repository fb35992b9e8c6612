package fr.dmp.ingest.console;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.ops.FeedStatus;
import fr.dmp.ingest.ops.RunProgress;
import fr.dmp.ingest.report.AuditTrail;
import fr.dmp.ingest.store.ConsoleUsers;
import fr.dmp.ingest.store.EmbeddedPostgresServer;
import fr.dmp.ingest.store.OperatorQueries;
import fr.dmp.ingest.store.TypeAssignments;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

/**
 * The console's beans (issue 18), only in a web context ({@code serve}): the batch commands never build
 * them. The services are those of the command line (ops, store, report), not a copy.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ConsoleConfiguration {

    /** Before every other filter, Spring Security's included: a request to a name not the console's gets 421. */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<HostCheck> hostCheck(
            @Value("${server.address:}") String bind, @Value("${dmp.console.allowed-hosts:}") String allowedHosts) {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(
                new HostCheck(HostCheck.allowedFor(bind, allowedHosts)));
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    OperatorQueries operatorQueries(JdbcTemplate jdbc) {
        return new OperatorQueries(jdbc);
    }

    @Bean
    FeedStatus feedStatus(OperatorQueries queries, Clock clock) {
        return new FeedStatus(queries, clock);
    }

    @Bean
    RunProgress runProgress(OperatorQueries queries, Clock clock) {
        return new RunProgress(queries, clock);
    }

    @Bean
    ConsoleUsers consoleUsers(JdbcTemplate jdbc) {
        return new ConsoleUsers(jdbc);
    }

    @Bean
    TypeAssignments typeAssignments(JdbcTemplate jdbc) {
        return new TypeAssignments(jdbc);
    }

    @Bean
    Desk desk(OperatorQueries queries, FeedFiles feeds, Clock clock, TypeAssignments assignments, ConsoleUsers users,
              JdbcTemplate jdbc, fr.dmp.ingest.store.ContentCipher cipher) {
        // kept files are sealed (issue 16): a requeue opens them with their claim's key
        return new Desk(queries, feeds, clock, assignments, users, new fr.dmp.ingest.store.KeptFileKeyStore(jdbc, cipher));
    }

    /**
     * The dossier history reads the audit trail as the audit role (rules.md R10), on connections of its own:
     * the embedded store's {@code dmp_audit}, or with a server {@code dmp.console.audit-username} and
     * {@code dmp.console.audit-password} (e.g. {@code DMP_CONSOLE_AUDIT_PASSWORD}). Not a DataSource bean:
     * Spring Boot's own data source would back off.
     */
    @Bean(destroyMethod = "close")
    AuditReader auditReader(ObjectProvider<EmbeddedPostgresServer> embedded,
                            @Value("${spring.datasource.url:}") String url,
                            @Value("${dmp.console.audit-username:dmp_audit}") String user,
                            @Value("${dmp.console.audit-password:}") String password) {
        HikariConfig config = new HikariConfig();
        EmbeddedPostgresServer server = embedded.getIfAvailable();
        if (server != null) {
            config.setJdbcUrl(server.jdbcUrl());
            config.setUsername("dmp_audit");
            config.setPassword(server.password("dmp_audit"));
        } else {
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password);
        }
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        config.setReadOnly(true);
        config.setPoolName("console-audit");
        config.setInitializationFailTimeout(-1); // the dossier page says it when the audit role cannot connect
        HikariDataSource pool = new HikariDataSource(config);
        return new AuditReader(new AuditTrail(new JdbcTemplate(pool)), pool);
    }
}
