package fr.dmp.ingest;

import fr.dmp.ingest.classify.Catalogue;
import fr.dmp.ingest.classify.ClassifyPolicy;
import fr.dmp.ingest.classify.ContentClassifier;
import fr.dmp.ingest.classify.TitleCues;
import fr.dmp.ingest.classify.DocumentClassifier;
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

/**
 * dmp-ingest: the batch pipeline that feeds the DMP from drop folders. The Spring context holds the
 * edges (data source, job repository, the job's wiring); the stages themselves are plain Java.
 */
@SpringBootApplication
@EnableConfigurationProperties(IngestSettings.class)
public class DmpIngestApplication {

    public static void main(String[] args) {
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
    DocumentClassifier documentClassifier(Catalogue catalogue) {
        return standardClassifier(catalogue);
    }

    @Bean
    Formats formats() {
        return standardFormats();
    }

    /** The classifier the job uses: the catalogue, and the shipped content model when there is one. */
    public static DocumentClassifier standardClassifier(Catalogue catalogue) {
        ContentClassifier content = ContentClassifier.shippedModel()
                .map(model -> new ContentClassifier(model, TitleCues.load(catalogue))).orElse(null);
        return new DocumentClassifier(catalogue, content, ClassifyPolicy.defaults());
    }

    /** The readers the job uses, one per format. */
    public static Formats standardFormats() {
        return new Formats(List.of(new Hl7Reader(), new CdaReader(), new PdfReader(), new HprimReader()));
    }

    @Bean
    FeedFiles feedFiles(IngestSettings settings) {
        return new FeedFiles(Path.of(settings.jobsFolder()));
    }

    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean
    IngestJobFactory ingestJobFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                      JdbcTemplate jdbc, Formats formats, DocumentClassifier classifier,
                                      IngestSettings settings, Clock clock) {
        return new IngestJobFactory(jobRepository, transactionManager, jdbc, formats, classifier, settings, clock);
    }

    @Bean
    IngestRunner ingestRunner(FeedFiles feeds, IngestJobFactory jobs, JobOperator jobOperator, JobRepository jobRepository,
                              DataSource dataSource, IngestSettings settings, Clock clock) {
        return new IngestRunner(feeds, jobs, jobOperator, jobRepository, dataSource, settings, clock);
    }
}
