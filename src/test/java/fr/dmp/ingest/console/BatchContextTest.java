package fr.dmp.ingest.console;

import fr.dmp.ingest.PipelineTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch commands' context (web application type none, as {@code ingest} runs) builds none of the console:
 * no web server, no security, no meter registry observing the job's chunks, no health beans (issue 18:
 * ingest must not start slower nor run slower because the console ships in the same jar).
 */
class BatchContextTest extends PipelineTestSupport {

    @Autowired
    ApplicationContext context;

    @Test
    void theBatchContextHoldsNoneOfTheConsole() {
        assertThat(context).isNotInstanceOf(org.springframework.boot.web.server.context.WebServerApplicationContext.class);
        assertThat(context.getBeanNamesForType(ConsoleConfiguration.class)).isEmpty();
        assertThat(context.getBeanNamesForType(org.springframework.security.web.SecurityFilterChain.class)).isEmpty();
        assertThat(context.getBeanNamesForType(io.micrometer.core.instrument.MeterRegistry.class)).isEmpty();
        assertThat(context.getBeanNamesForType(io.micrometer.observation.ObservationRegistry.class)).isEmpty();
        assertThat(context.getBeanNamesForType(org.springframework.boot.health.contributor.HealthContributor.class)).isEmpty();
        assertThat(context.getBeanNamesForType(org.thymeleaf.ITemplateEngine.class)).isEmpty();
    }
}
