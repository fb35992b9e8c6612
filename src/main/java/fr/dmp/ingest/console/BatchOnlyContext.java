package fr.dmp.ingest.console;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import java.util.List;

/**
 * Keeps the console's machinery out of the batch commands (issue 18): when the context is not a web one
 * ({@code spring.main.web-application-type: none}, every command but {@code serve}), the auto-configurations
 * of actuator, health, metrics, observation, security, the web and Thymeleaf are not even considered. So
 * {@code ingest} starts as before and its chunks are not observed into a meter registry nobody scrapes.
 */
public final class BatchOnlyContext implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final List<String> CONSOLE_ONLY = List.of(
            "org.springframework.boot.actuate.", "org.springframework.boot.micrometer.", "org.springframework.boot.health.",
            "org.springframework.boot.security.", "org.springframework.boot.thymeleaf.", "org.springframework.boot.webmvc.",
            "org.springframework.boot.servlet.", "org.springframework.boot.tomcat.", "org.springframework.boot.http.");
    private static final List<String> CONSOLE_ONLY_PARTS = List.of(".actuate.", ".health.", ".metrics.", ".observation.");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
        boolean batchOnly = environment != null
                && "none".equalsIgnoreCase(environment.getProperty("spring.main.web-application-type", "").strip());
        boolean[] keep = new boolean[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            keep[i] = candidates[i] == null || !batchOnly || !consoleOnly(candidates[i]);
        }
        return keep;
    }

    static boolean consoleOnly(String autoConfiguration) {
        return CONSOLE_ONLY.stream().anyMatch(autoConfiguration::startsWith)
                || CONSOLE_ONLY_PARTS.stream().anyMatch(autoConfiguration::contains);
    }
}
