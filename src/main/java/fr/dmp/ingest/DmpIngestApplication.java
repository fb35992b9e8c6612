package fr.dmp.ingest;

import fr.dmp.ingest.classify.Catalogue;
import fr.dmp.ingest.classify.ClassifyPolicy;
import fr.dmp.ingest.classify.ContentClassifier;
import fr.dmp.ingest.classify.TitleCues;
import fr.dmp.ingest.classify.DocumentClassifier;
import fr.dmp.ingest.classify.TypeModel;
import fr.dmp.ingest.cli.Cli;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.format.Formats;
import fr.dmp.ingest.format.cda.CdaReader;
import fr.dmp.ingest.format.hl7.Hl7Reader;
import fr.dmp.ingest.format.hprim.HprimReader;
import fr.dmp.ingest.format.pdf.PdfReader;
import fr.dmp.ingest.job.IngestJobFactory;
import fr.dmp.ingest.job.IngestRunner;
import fr.dmp.ingest.job.IngestSettings;
import fr.dmp.ingest.domain.ConfigurationFailure;
import fr.dmp.ingest.store.ContentCipher;
import fr.dmp.ingest.store.ContentKeys;
import fr.dmp.ingest.store.EmbeddedPostgresServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import java.nio.file.Files;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * dmp-ingest: the batch pipeline that feeds the DMP from drop folders. The Spring context holds the
 * edges (data source, job repository, the job's wiring); the stages themselves are plain Java.
 */
@SpringBootApplication
@EnableConfigurationProperties(IngestSettings.class)
public class DmpIngestApplication {

    public static void main(String[] args) {
        // logging set up on this thread first: threads that log while SLF4J initialises make it print three lines of
        // "intercepted and replayed" warnings on every run (found by an operator tester)
        org.slf4j.LoggerFactory.getILoggerFactory();
        System.exit(Cli.run(args));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Catalogue catalogue() {
        return Catalogue.load();
    }

    @Bean
    @org.springframework.context.annotation.Lazy // built when a run reads its first file, or a command asks for it
    DocumentClassifier documentClassifier(Catalogue catalogue) {
        return standardClassifier(catalogue, Preload.take(Preload.takeModel(), ContentClassifier::shippedModel));
    }

    @Bean
    @org.springframework.context.annotation.Lazy
    Formats formats() {
        return Preload.take(Preload.takeFormats(), DmpIngestApplication::standardFormats);
    }

    /**
     * Starts building what the context's beans need that takes long and needs no database (the content model,
     * HAPI and Tika in the readers) on threads of their own, while Spring and the database start (issue 19:
     * the start is wall time on an idle core). The beans take the results, or build them if this did not run.
     */
    public static void preload() {
        Preload.model = CompletableFuture.supplyAsync(ContentClassifier::shippedModel);
        Preload.formats = CompletableFuture.supplyAsync(DmpIngestApplication::standardFormats);
    }

    /** What {@link #preload} started; each taken once. */
    private static final class Preload {
        static volatile CompletableFuture<Optional<TypeModel>> model;
        static volatile CompletableFuture<Formats> formats;

        static synchronized CompletableFuture<Optional<TypeModel>> takeModel() {
            CompletableFuture<Optional<TypeModel>> f = model;
            model = null;
            return f;
        }

        static synchronized CompletableFuture<Formats> takeFormats() {
            CompletableFuture<Formats> f = formats;
            formats = null;
            return f;
        }

        static <T> T take(CompletableFuture<T> started, Supplier<T> otherwise) {
            if (started == null) {
                return otherwise.get();
            }
            try {
                return started.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r; // as if built here
                }
                throw e;
            }
        }
    }

    /** The classifier the job uses: the catalogue, and the shipped content model when there is one. */
    public static DocumentClassifier standardClassifier(Catalogue catalogue) {
        return standardClassifier(catalogue, ContentClassifier.shippedModel());
    }

    private static DocumentClassifier standardClassifier(Catalogue catalogue, Optional<TypeModel> model) {
        ContentClassifier content = model.map(m -> new ContentClassifier(m, TitleCues.load(catalogue))).orElse(null);
        return new DocumentClassifier(catalogue, content, ClassifyPolicy.defaults());
    }

    /** The readers the job uses, one per format. */
    public static Formats standardFormats() {
        return new Formats(List.of(new Hl7Reader(), new CdaReader(), new PdfReader(), new HprimReader()));
    }

    /** The feeds, whose drops are held away from where this install keeps its keys, database and reports (round 26). */
    @Bean
    FeedFiles feedFiles(IngestSettings settings, @Value("${dmp.crypto.key-file:var/keys/content.keys}") String keyFile,
                        @Value("${dmp.embedded.data-dir:var/db}") String dataDir) {
        List<Path> state = new java.util.ArrayList<>();
        Path keys = Path.of(keyFile).toAbsolutePath().getParent();
        if (keys != null) {
            state.add(keys);
        }
        if (!dataDir.isBlank()) {
            state.add(Path.of(dataDir));
        }
        return new FeedFiles(Path.of(settings.jobsFolder()), state, List.of(Path.of(settings.reportsFolder())));
    }

    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    /**
     * The content keys (rules.md R11): {@code DMP_CONTENT_KEYS}, else the key file; with the embedded
     * database a missing key file is generated (owner-only) for a store made in this start only; with an existing
     * store or a server one must be provided.
     */
    @Bean
    ContentKeys contentKeys(@Value("${dmp.crypto.key-file:var/keys/content.keys}") String keyFile,
                            ObjectProvider<EmbeddedPostgresServer> embedded) {
        String fromEnvironment = System.getenv(ContentKeys.ENVIRONMENT);
        Path file = Path.of(keyFile);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            ContentKeys keys = ContentKeys.fromEnvironment(fromEnvironment);
            // both given and different: contents sealed under one would not open under the other, found later (a
            // kept file unreadable once the variable is gone): refused now, whichever the operator meant
            if (Files.exists(file) && !ContentKeys.fromFile(file).sameKeys(keys)) {
                throw new ConfigurationFailure(ContentKeys.ENVIRONMENT + " and the key file " + file + " hold different keys:"
                        + " give the keys one way (unset " + ContentKeys.ENVIRONMENT + ", or point dmp.crypto.key-file elsewhere)");
            }
            return keys;
        }
        if (Files.exists(file)) {
            return ContentKeys.fromFile(file);
        }
        EmbeddedPostgresServer server = embedded.getIfAvailable();
        if (server != null && (server.newStore() || !everKeyed(server))) {
            // a store that never recorded a key sealed nothing: a first start killed after initdb and before the key file
            // was written left an install every later run refused, "restore it from its backup" (round 29, a crash tester)
            return ContentKeys.generate(file);
        }
        if (server != null) {
            // a new key would seal new contents while the store's own ones stay closed: the file must be restored
            throw new ConfigurationFailure("the content key file " + file + " is missing but the store already exists:"
                    + " restore it from its backup; a new key could not open what the store holds");
        }
        throw new ConfigurationFailure("no content key: set " + ContentKeys.ENVIRONMENT + " or dmp.crypto.key-file ("
                + file + " does not exist)");
    }

    /** Whether the store recorded a content key's first use (rules.md R11, V12) or holds what one sealed. */
    private static boolean everKeyed(EmbeddedPostgresServer server) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(server.jdbcUrl(), server.ownerUser(), server.ownerPassword());
             java.sql.Statement st = c.createStatement()) {
            // a key's recorded first use, or anything sealed: a content, a decided file (its kept copy); the key check can be
            // turned off (dmp.crypto.check-keys), so the rows themselves are looked at too (a review, round 29)
            for (String table : new String[] {"dmp.content_key", "dmp.content", "dmp.disposition"}) {
                boolean exists;
                try (java.sql.ResultSet rs = st.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
                    rs.next();
                    exists = rs.getBoolean(1);
                }
                if (exists) {
                    try (java.sql.ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } catch (java.sql.SQLException e) {
            return true; // not known: the key file must be restored, as before
        }
    }

    @Bean
    ContentCipher contentCipher(ContentKeys keys) {
        return new ContentCipher(keys);
    }

    @Bean
    IngestJobFactory ingestJobFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                      JdbcTemplate jdbc, ObjectProvider<Formats> formats,
                                      ObjectProvider<DocumentClassifier> classifier,
                                      IngestSettings settings, Clock clock, ContentCipher cipher, FeedFiles feeds,
                                      ObjectProvider<fr.dmp.ingest.job.RemotePartitions> remote) {
        return new IngestJobFactory(jobRepository, transactionManager, jdbc, formats::getObject, classifier::getObject,
                settings, clock, cipher, feeds, remote::getIfAvailable);
    }

    @Bean
    IngestRunner ingestRunner(FeedFiles feeds, IngestJobFactory jobs, JobOperator jobOperator, JobRepository jobRepository,
                              DataSource dataSource, IngestSettings settings, Clock clock) {
        return new IngestRunner(feeds, jobs, jobOperator, jobRepository, dataSource, settings, clock);
    }
}
