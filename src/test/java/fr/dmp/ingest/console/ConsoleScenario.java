package fr.dmp.ingest.console;

import fr.dmp.ingest.job.IngestRunner;
import fr.dmp.ingest.store.ConsoleUsers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * The console tests' world: jobs/prescriptions.yml pointed at a folder of the test (no quiet period, so a
 * requeued file is taken by the next run at once), the sample prescriptions run once, and two users.
 */
final class ConsoleScenario {

    static final String FEED = "prescriptions";
    static final String UNKNOWN_FILE = "bad-not-a-prescription.pdf";
    /** test passwords, made up here; the repository's product holds none */
    static final String OPERATOR_PASSWORD = "op-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    static final String AUDITOR_PASSWORD = "au-" + Long.toHexString(Double.doubleToLongBits(Math.random()));

    final Path root;
    final Path jobs;

    ConsoleScenario(Path root) {
        this.root = root;
        this.jobs = root.resolve("jobs");
        try {
            Files.createDirectories(jobs);
            Files.writeString(jobs.resolve(FEED + ".yml"), Files.readString(Path.of("jobs/" + FEED + ".yml"))
                    .replace("drop: var/drop/prescriptions", "drop: " + drop())
                    .replace("work: var", "work: " + root.resolve("work"))
                    .replace("quietPeriod: 2s", "quietPeriod: 0s"));
            Files.createDirectories(drop());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path drop() {
        return drop(FEED);
    }

    Path drop(String feed) {
        return root.resolve("drop").resolve(feed);
    }

    /** Adds another of the repository's feeds (jobs/F.yml) to the scenario, its drop and work in the scenario's folder. */
    void addFeed(String feed) {
        try {
            Files.writeString(jobs.resolve(feed + ".yml"), Files.readString(Path.of("jobs/" + feed + ".yml"))
                    .replace("drop: var/drop/" + feed, "drop: " + drop(feed))
                    .replace("work: var", "work: " + root.resolve("work"))
                    .replace("quietPeriod: 2s", "quietPeriod: 0s"));
            Files.createDirectories(drop(feed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void dropSamples() {
        Path from = Path.of("sample-data").resolve(FEED);
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : files.toList()) {
                Path target = drop().resolve(p.getFileName().toString());
                Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setLastModifiedTime(target, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            }
            // a second refusal (FORMAT_CORRUPT) besides the invoice, for the tests that close one
            // and a third (PDF_ENCRYPTED), which a double click requeues
            for (String name : new String[]{"bad-truncated.pdf", "bad-truncated.pdf.json", "bad-encrypted.pdf", "bad-encrypted.pdf.json"}) {
                Path target = drop().resolve(name);
                Files.copy(Path.of("sample-data/hospital-reports").resolve(name), target, StandardCopyOption.REPLACE_EXISTING);
                Files.setLastModifiedTime(target, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void run(IngestRunner runner) {
        run(runner, FEED);
    }

    void run(IngestRunner runner, String feed) {
        runner.run(feed, new IngestRunner.Options(null, null, root.resolve("reports").resolve(System.nanoTime() + ".json"), null));
    }

    static void users(JdbcTemplate jdbc) {
        ConsoleUsers users = new ConsoleUsers(jdbc);
        var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        users.save("alice", encoder.encode(OPERATOR_PASSWORD), "operator");
        users.save("bob", encoder.encode(AUDITOR_PASSWORD), "auditor");
    }
}
