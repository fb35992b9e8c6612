package fr.dmp.ingest.job;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.tools.generate.CorpusGenerator;
import fr.dmp.ingest.tools.generate.CorpusManifest;
import fr.dmp.ingest.report.RunReport;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CI smoke test of the benchmark corpus (bench/run.sh): a small generated corpus through the real
 * pipeline. Every input file is accounted for, and exactly the bad files the generator wrote are
 * quarantined, each for the reason it was made for. No timing is asserted.
 */
class GeneratedCorpusIngestTest extends PipelineTestSupport {

    @Test
    void everyGeneratedFileIsAccountedForAndOnlyTheBadOnesAreQuarantined() {
        Path corpus = work.resolve("corpus");
        // 10 % bad so that every kind of bad file is there at this size
        CorpusManifest manifest = CorpusGenerator.generate(new CorpusGenerator.Options(corpus, 300, 20261126L,
                CorpusGenerator.DEFAULT_MIX, 10, 0));
        assertThat(manifest.bad().values()).allMatch(n -> n > 0);
        // owner-only whatever the umask (round 13, a scale-out tester: world-readable under umask 022)
        try (var all = java.nio.file.Files.walk(corpus.resolve(CorpusGenerator.LAB_FEED))) {
            assertThat(all.toList()).allSatisfy(f -> assertThat(java.nio.file.Files.getPosixFilePermissions(f))
                    .doesNotContain(java.nio.file.attribute.PosixFilePermission.OTHERS_READ,
                            java.nio.file.attribute.PosixFilePermission.GROUP_READ));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        long files = 0;
        long quarantined = 0;
        for (String feed : new String[] {CorpusGenerator.LAB_FEED, CorpusGenerator.HOSPITAL_FEED}) {
            RunReport report = ingest(feed, corpus.resolve(feed));

            assertThat(report.files()).as(feed).isEqualTo(report.stored() + report.duplicates() + report.quarantined());
            assertThat(report.files()).as(feed).isEqualTo(manifest.files(feed));
            assertThat(report.quarantined()).as(feed).isEqualTo(manifest.badFiles(feed));
            assertThat(report.reasons()).as(feed).isEqualTo(manifest.reasons(feed));
            assertThat(report.duplicates()).as(feed).isZero();
            assertThat(report.documentsStored()).as(feed).isEqualTo(manifest.files(feed) - manifest.badFiles(feed));
            files += report.files();
            quarantined += report.quarantined();
        }
        assertThat(files).isEqualTo(300);
        assertThat(quarantined).isEqualTo(manifest.badFiles());
        // patients share dossiers, and a dossier never met a document with other traits
        assertThat(count("SELECT count(*) FROM dmp.dossier")).isBetween(2L, (long) manifest.patients());
        assertThat(count("SELECT count(*) FROM dmp.quarantine_entry WHERE reason = 'IDENTITY_MISMATCH'")).isZero();
        assertThat(count("SELECT count(*) FROM dmp.document")).isEqualTo(300 - manifest.badFiles());
    }
}
