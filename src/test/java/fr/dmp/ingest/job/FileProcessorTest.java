package fr.dmp.ingest.job;

import fr.dmp.ingest.DmpIngestApplication;
import fr.dmp.ingest.classify.Catalogue;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.format.FormatReader;
import fr.dmp.ingest.format.Formats;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.format.hl7.Hl7Reader;
import fr.dmp.ingest.intake.ClaimedFile;
import fr.dmp.ingest.store.FileWork;
import fr.dmp.ingest.store.ItemWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The time limit per file when a chunk is read in one hand-off: a file that never ends does not hold the others. */
class FileProcessorTest {

    /** Lets the reader stuck on purpose end once the test is over. */
    static final AtomicBoolean RELEASE = new AtomicBoolean();

    @TempDir
    Path work;

    @org.junit.jupiter.api.BeforeEach
    void hold() {
        RELEASE.set(false);
    }

    @AfterEach
    void release() {
        RELEASE.set(true);
    }

    @Test
    void aFileThatNeverEndsIsGivenUpAndTheFilesAfterItAreStillRead() throws IOException {
        Path jobs = Files.createDirectories(work.resolve("jobs"));
        Files.writeString(jobs.resolve("t.yml"), String.join("\n", "name: t", "drop: " + work.resolve("drop"),
                "work: " + work, "formats: [hl7v2]", "sender:", "  finess: \"750000001\"", "dossierPolicy: create",
                "insMode: test", ""));
        Feed feed = new FeedFiles(jobs).load("t");
        Formats formats = new Formats(List.of(new Stuck()));
        FileProcessor processor = new FileProcessor(feed, formats,
                DmpIngestApplication.standardClassifier(Catalogue.load()), FileProcessor.validatorFor(feed, Clock.systemUTC()),
                Duration.ofMillis(400));
        Path samples = Path.of("sample-data/lab-results");
        byte[] good = Files.readAllBytes(samples.resolve("oru-0001.hl7"));
        List<ClaimedFile> files = List.of(
                file("a.hl7", good),
                file("stuck.hl7", (new String(good, StandardCharsets.ISO_8859_1) + "NTE|1||STUCK\r").getBytes(StandardCharsets.ISO_8859_1)),
                file("b.hl7", Files.readAllBytes(samples.resolve("oru-0002.hl7"))));

        long start = System.nanoTime();
        List<FileWork> works = processor.processAll(files);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(works).extracting(w -> w.file().originalName()).containsExactly("a.hl7", "stuck.hl7", "b.hl7");
        assertThat(works.get(0).items()).singleElement().isInstanceOf(ItemWork.Ready.class);
        assertThat(works.get(1).items()).singleElement().isInstanceOfSatisfying(ItemWork.Refused.class, r -> {
            assertThat(r.rejection().reason()).isEqualTo(ReasonCode.TOO_LARGE);
            assertThat(r.rejection().detail()).isEqualTo("reading took over 400 ms");
        });
        assertThat(works.get(2).items()).singleElement().isInstanceOf(ItemWork.Ready.class);
        // one file alone goes the same way
        assertThat(processor.process(files.get(2)).items()).singleElement().isInstanceOf(ItemWork.Ready.class);
    }

    /**
     * feeds.md: the feed's FINESS is the author institution of a document that names none (found on a HAPI example:
     * an ORU with an empty MSH-4 was refused METADATA_MISSING "author institution" although the feed names one).
     */
    @Test
    void aDocumentWithoutAuthorInstitutionTakesTheFeedsFiness() throws IOException {
        Path jobs = Files.createDirectories(work.resolve("jobs"));
        Files.writeString(jobs.resolve("t.yml"), String.join("\n", "name: t", "drop: " + work.resolve("drop"),
                "work: " + work, "formats: [hl7v2]", "sender:", "  finess: \"750000001\"", "dossierPolicy: create",
                "insMode: test", ""));
        Feed feed = new FeedFiles(jobs).load("t");
        FileProcessor processor = FileProcessor.forFeed(feed, new Formats(List.of(new Hl7Reader())),
                DmpIngestApplication.standardClassifier(Catalogue.load()), Clock.systemUTC());
        String oru = Files.readString(Path.of("sample-data/lab-results/oru-0002.hl7"), StandardCharsets.ISO_8859_1);
        String[] msh = oru.substring(0, oru.indexOf('\r')).split("\\|", -1);
        msh[3] = ""; // MSH-4, the sending facility
        String noFacility = String.join("|", msh) + oru.substring(oru.indexOf('\r'));
        FileWork w = processor.process(file("no-facility.hl7", noFacility.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(w.items()).singleElement().isInstanceOf(ItemWork.Ready.class);
    }

    private ClaimedFile file(String name, byte[] bytes) throws IOException {
        Path p = Files.createDirectories(work.resolve("claim")).resolve("tok_" + name);
        Files.write(p, bytes);
        return new ClaimedFile("tok-" + name, p, name, null);
    }

    /** An HL7 reader that spins, deaf to interrupts, on a message holding STUCK (a parser caught in a loop). */
    static final class Stuck implements FormatReader {
        private final Hl7Reader hl7 = new Hl7Reader();

        @Override
        public SourceFormat format() {
            return SourceFormat.HL7V2;
        }

        @Override
        public List<ReadItem> read(InputFile input, ReadContext context) {
            if (new String(input.bytes(), StandardCharsets.ISO_8859_1).contains("STUCK")) {
                while (!RELEASE.get()) {
                    Thread.onSpinWait();
                }
            }
            return hl7.read(input, context);
        }
    }
}
