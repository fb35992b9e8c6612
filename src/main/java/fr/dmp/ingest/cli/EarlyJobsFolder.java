package fr.dmp.ingest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The feed folder ({@code dmp.jobs-folder}) as far as it can be known before Spring starts, so that a
 * usage error (an unknown feed) is told in a second rather than after the database has started (issue
 * 17, 19: commands start in under 5 s). Null whenever Spring might see another value: a configuration
 * file beside the command, a config location or JSON in the environment or the arguments, an environment
 * variable for it; then the check waits for Spring as before.
 */
final class EarlyJobsFolder {

    private static final List<String> NAMES = List.of("dmp.jobs-folder", "dmp.jobsFolder", "dmp.jobs_folder");

    private EarlyJobsFolder() {
    }

    static Path of(List<String> springArguments, Map<String, String> environment) {
        for (String file : List.of("application.yml", "application.yaml", "application.properties")) {
            if (Files.exists(Path.of(file)) || Files.exists(Path.of("config", file))) {
                return null;
            }
        }
        for (String name : environment.keySet()) {
            if (name.startsWith("SPRING_CONFIG") || name.equals("SPRING_APPLICATION_JSON") || name.startsWith("DMP_JOBS")) {
                return null;
            }
        }
        for (String name : List.of("spring.config.location", "spring.config.additional-location", "spring.config.import",
                "spring.application.json")) {
            if (System.getProperty(name) != null) {
                return null;
            }
        }
        String value = null;
        for (String name : NAMES) {
            if (System.getProperty(name) != null) {
                value = System.getProperty(name);
            }
        }
        for (String a : springArguments) {
            if (a.startsWith("--spring.config") || a.startsWith("--spring.application.json")) {
                return null;
            }
            for (String name : NAMES) {
                if (a.startsWith("--" + name + "=")) {
                    value = a.substring(name.length() + 3);
                }
            }
        }
        return Path.of(value != null ? value : "jobs"); // application.yml: dmp.jobs-folder: jobs
    }

    /**
     * Whether a run of {@code feed} ('all' for every feed) may have files to read: false only when every feed file
     * of {@code jobs} parses and each drop folder and claim folder is empty or absent, so that the run starts
     * without building the readers and the content model (issue 19: an empty nightly run starts in seconds).
     */
    static boolean mayHaveWork(Path jobs, String feed) {
        if (jobs == null) {
            return true;
        }
        try {
            fr.dmp.ingest.feed.FeedFiles files = new fr.dmp.ingest.feed.FeedFiles(jobs);
            List<String> names;
            if ("all".equals(feed)) {
                fr.dmp.ingest.feed.FeedFiles.Listing listing = files.listing();
                names = listing.feeds();
            } else {
                names = List.of(feed);
            }
            for (String name : names) {
                if (!files.load(name).nothingWaiting()) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            return true; // the run tells what is wrong; preloading costs only time
        }
    }
}
