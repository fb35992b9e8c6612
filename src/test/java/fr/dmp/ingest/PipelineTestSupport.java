package fr.dmp.ingest;

import fr.dmp.ingest.job.IngestRunner;
import fr.dmp.ingest.report.RunReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.beans.factory.ObjectProvider;

import javax.sql.DataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the real pipeline against a real PostgreSQL: the embedded one (a throw-away server per test JVM),
 * or the server of {@code SPRING_DATASOURCE_URL} when one is configured. Never H2, never a mock.
 */
@SpringBootTest(classes = DmpIngestApplication.class, properties = {
        "dmp.embedded.data-dir=",
        "dmp.embedded.durable=false",
        TestKeys.PROPERTY,
        "dmp.chunk-size=16",
        "dmp.retry-delay=50ms",
        "dmp.lock-wait=2s"})
public abstract class PipelineTestSupport {

    /** The schema owner's view, for the tests' checks: the job itself runs as dmp_ingest and cannot read contents. */
    protected JdbcTemplate jdbc;

    @Autowired
    void ownerJdbc(ObjectProvider<DataSource> dataSources, @Autowired(required = false)
            @org.springframework.beans.factory.annotation.Qualifier("ownerDataSource") DataSource owner, DataSource primary) {
        this.jdbc = new JdbcTemplate(owner != null ? owner : primary);
    }

    @Autowired
    protected IngestRunner runner;

    @TempDir
    protected Path work;

    @BeforeEach
    void emptyTheStoreBeforeEachTest() {
        if (emptyStoreBeforeEach()) {
            emptyTheStore();
        }
    }

    /** Tests that build one scenario for several read-only checks keep the store between tests. */
    protected boolean emptyStoreBeforeEach() {
        return true;
    }

    protected void emptyTheStore() {
        jdbc.execute("TRUNCATE dmp.document_text, dmp.observation, dmp.document, dmp.content, dmp.dossier,"
                + " dmp.audit_event, dmp.quarantine_entry, dmp.disposition, dmp.run_report, dmp.dossier_event,"
                + " dmp.dossier_opposition, dmp.quarantine_action, dmp.kept_file_key, dmp.kept_file_subject, dmp.kept_file_shredded RESTART IDENTITY CASCADE");
    }

    /** A drop folder holding a copy of {@code sample-data/<feed>}, every file complete (old enough). */
    protected Path dropWithSamples(String feed) {
        Path drop = work.resolve("drop").resolve(feed);
        copyTree(Path.of("sample-data").resolve(feed), drop);
        return drop;
    }

    protected static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setLastModifiedTime(target, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code from} copied to {@code target} (replacing it), an hour old: complete for a run. */
    protected static Path copiedComplete(Path from, Path target) throws IOException {
        Files.copy(from, target, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(target, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        return target;
    }

    protected RunReport ingest(String feed, Path drop) {
        return runner.run(feed, new IngestRunner.Options(drop, work, work.resolve("reports").resolve(feed + ".json"), null));
    }

    /** The outcome recorded for a file of a feed: its disposition's outcome and primary reason. */
    protected String outcome(String feed, String fileName) {
        return jdbc.queryForObject("SELECT outcome || coalesce(':' || primary_reason, '') FROM dmp.disposition"
                + " WHERE feed = ? AND original_name = ? ORDER BY decided_at DESC LIMIT 1", String.class, feed, fileName);
    }

    protected static List<String> names(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kept file by its original name, in its claim token's folder under {@code folder} (archive or quarantine). */
    protected static Path kept(Path folder, String name) {
        try (Stream<Path> s = Files.walk(folder)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().equals(name) && !Files.isDirectory(p)).toList();
            if (found.size() != 1) {
                throw new AssertionError(found.size() + " kept files named " + name + " under " + folder);
            }
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    protected fr.dmp.ingest.store.ContentCipher contentCipher;

    /** The clear bytes of a kept file, opened from its seal with its claim's data key (issue 16: nothing kept in clear). */
    protected byte[] opened(Path keptFile) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            fr.dmp.ingest.intake.SealedFile.openTo(keptFile, new fr.dmp.ingest.store.KeptFileKeyStore(jdbc, contentCipher)::opening, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reason file of a quarantined file, by the file's original name. */
    protected static Path reasonFile(Path quarantineFolder, String name) {
        return fr.dmp.ingest.intake.Disposer.reasonFile(kept(quarantineFolder, name));
    }

    protected long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }
}
