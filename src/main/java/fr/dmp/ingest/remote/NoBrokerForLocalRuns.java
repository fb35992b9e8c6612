package fr.dmp.ingest.remote;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import java.util.List;

/**
 * Keeps the broker's and Spring Integration's auto-configurations out of every context but a remote run's
 * manager or a worker ({@code dmp.remote.role}): a local run, status or quarantine would otherwise build a
 * RabbitMQ connection factory and template it never uses (issues 17 and 19: a command starts in seconds).
 */
public final class NoBrokerForLocalRuns implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final List<String> REMOTE_ONLY = List.of("org.springframework.boot.amqp.", "org.springframework.boot.integration.");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
        boolean local = environment != null && environment.getProperty("dmp.remote.role", "").isBlank();
        boolean[] keep = new boolean[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            keep[i] = candidates[i] == null || !local || REMOTE_ONLY.stream().noneMatch(candidates[i]::startsWith);
        }
        return keep;
    }
}
