package fr.dmp.ingest.remote;

import fr.dmp.ingest.job.IngestJobFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.context.IntegrationFlowContext;

/**
 * Spring Integration and the broker, only for a remote run's manager or a worker ({@code dmp.remote.role}):
 * a local run starts neither (issue 20: local mode stays as it was).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "dmp.remote", name = "role")
@EnableIntegration
@EnableConfigurationProperties(RemoteSettings.class)
public class RemoteConfiguration {

    /** Survives a broker restart, with its persistent requests. */
    @Bean
    Queue partitionQueue(RemoteSettings settings) {
        return new Queue(settings.queue(), true);
    }

    @Bean
    @ConditionalOnProperty(prefix = "dmp.remote", name = "role", havingValue = "manager")
    PartitionRequests partitionRequests(RabbitTemplate rabbit, AmqpAdmin admin, Queue queue, IntegrationFlowContext flows,
                                        JobRepository jobRepository, RemoteSettings settings,
                                        org.springframework.jdbc.core.JdbcTemplate jdbc) {
        return new PartitionRequests(rabbit, admin, queue, flows, jobRepository, settings, database(jdbc));
    }

    @Bean
    @ConditionalOnProperty(prefix = "dmp.remote", name = "role", havingValue = "worker")
    Worker worker(ConnectionFactory connections, AmqpAdmin admin, Queue queue, IntegrationFlowContext flows,
                  JobRepository jobRepository, IngestJobFactory jobs, RemoteSettings settings,
                  org.springframework.beans.factory.BeanFactory beanFactory, fr.dmp.ingest.store.ContentKeys keys,
                  RabbitTemplate rabbit, org.springframework.jdbc.core.JdbcTemplate jdbc) {
        return new Worker(connections, admin, queue, flows, jobRepository, jobs, settings, beanFactory, keys.activeId(), rabbit,
                database(jdbc));
    }

    /** The store's database name: manager and workers must share it (the same server is assumed by the URL). */
    private static String database(org.springframework.jdbc.core.JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT current_database()", String.class);
    }
}
