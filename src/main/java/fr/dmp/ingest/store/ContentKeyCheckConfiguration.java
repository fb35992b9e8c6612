package fr.dmp.ingest.store;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/**
 * At start, once the migrations ran: the configured content keys against the check values of the ids
 * already used ({@link ContentKeyCheck}); a mismatch stops the start in one line. Commands that never
 * seal (the auditor's {@code audit}) set {@code dmp.crypto.check-keys=false}: their role cannot read the table.
 */
@Configuration(proxyBeanMethods = false)
public class ContentKeyCheckConfiguration {

    @Bean
    SmartInitializingSingleton contentKeyCheck(ContentKeys keys, DataSource dataSource,
                                               @Value("${dmp.crypto.check-keys:true}") boolean enabled) {
        return () -> {
            if (enabled) {
                ContentKeyCheck.verify(new JdbcTemplate(dataSource), keys);
            }
        };
    }
}
