package fr.dmp.ingest.job;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The build a JVM runs: version and build time from {@code META-INF/build-info.properties} (written by the
 * build). A remote worker runs partitions only for a manager of the same build (issue 20): another build may
 * read, classify or store differently. {@code -Ddmp.jar-version=...} replaces it (tests of the refusal).
 */
public final class JarVersion {

    private JarVersion() {
    }

    public static String current() {
        String forced = System.getProperty("dmp.jar-version");
        if (forced != null && !forced.isBlank()) {
            return forced;
        }
        try (InputStream in = JarVersion.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("build.version", "unknown") + "@" + p.getProperty("build.time", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
