package fr.dmp.ingest.ops;

import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.store.OperatorQueries.QuarantinedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Round 9 attack 16: a symbolic link dropped is quarantined UNSAFE_CONTENT and kept as the link; asked to requeue it,
 * the desk said "the kept file is missing" while the link was there. It says what it is, and moves nothing.
 */
class QuarantineDeskRequeueTest {

    @TempDir
    Path work;

    /** A feed of one format whose folders are under the test's work folder. */
    private Feed feed(String name, String format) throws Exception {
        Path jobs = Files.createDirectories(work.resolve("jobs"));
        Files.writeString(jobs.resolve(name + ".yml"), String.join("\n", "name: " + name, "drop: " + work.resolve("drop"),
                "work: " + work.resolve("var"), "formats: [" + format + "]", "sender:", "  finess: \"750000001\"",
                "dossierPolicy: create", "insMode: test", ""));
        return new FeedFiles(jobs).load(name);
    }

    @Test
    void aKeptSymbolicLinkIsRefusedForWhatItIsAndNothingMoves() throws Exception {
        Feed feed = feed("lab", "hl7v2");
        Files.createDirectories(feed.drop());
        Path kept = Files.createDirectories(feed.quarantineFolder().resolve("j1-tok")).resolve("p.hl7");
        Files.createSymbolicLink(kept, Path.of("/etc/passwd"));
        QuarantinedFile q = new QuarantinedFile("j1-tok", "lab", "p.hl7", null, null, 0, "UNSAFE_CONTENT", "a symbolic link",
                1L, Instant.parse("2026-12-04T00:00:00Z"), "OPEN");
        QuarantineDesk desk = new QuarantineDesk(null, name -> feed, Clock.systemUTC(), "tester", null);

        assertThatThrownBy(() -> desk.requeue(q)).isInstanceOf(QuarantineDesk.Refused.class)
                .hasMessageContaining("not a regular file").hasMessageNotContaining("missing");
        assertThat(Files.isSymbolicLink(kept)).isTrue();
        assertThat(feed.drop().resolve("p.hl7")).doesNotExist();
    }

    /**
     * Round 31, a hostile tester: the sealed kept file replaced by plain bytes of another message was put back in the
     * drop as the sender's file (requeue opens a sealed file, and moved an unsealed one as a file kept before sealing).
     * The bytes must be those the claim recorded; nothing moves otherwise.
     */
    @Test
    void aKeptFileReplacedByOtherBytesIsNotPutBackInTheDrop() throws Exception {
        Feed feed = feed("lab", "hl7v2");
        Files.createDirectories(feed.drop());
        Path kept = Files.createDirectories(feed.quarantineFolder().resolve("j2-tok")).resolve("p.hl7");
        byte[] original = "MSH|^~\\&|LAB|FAC|DMP|DMP|20260101||ORU^R01|M1|P|2.5\r".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(kept, "MSH|^~\\&|LAB|FAC|DMP|DMP|20260101||ORU^R01|FORGED|P|2.5\r".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        QuarantinedFile q = new QuarantinedFile("j2-tok", "lab", "p.hl7", null, fr.dmp.ingest.domain.Sha256.hex(original),
                original.length, "INS_INVALID", "key", 1L, Instant.parse("2026-12-04T00:00:00Z"), "OPEN");
        QuarantineDesk desk = new QuarantineDesk(null, name -> feed, Clock.systemUTC(), "tester", null);

        assertThatThrownBy(() -> desk.requeue(q)).isInstanceOf(QuarantineDesk.Refused.class)
                .hasMessageContaining("does not hold the bytes the claim recorded").hasMessageContaining("nothing moved");
        assertThat(kept).exists();
        try (var left = Files.list(feed.drop())) {
            assertThat(left).as("nothing put in the drop, no temporary file left").isEmpty();
        }
    }

    /**
     * Round 31, a hostile tester: a pipe planted as a claim's reason file hung {@code quarantine handled} (and the
     * console's thread) for ever, reading it; a symbolic link was followed. Neither is read: the reason file is made anew.
     */
    @Test
    void aPipeOrALinkInPlaceOfTheReasonFileIsNeitherReadNorFollowed() throws Exception {
        Feed feed = feed("lab", "hl7v2");
        Files.createDirectories(feed.quarantineFolder());
        QuarantineDesk desk = new QuarantineDesk(null, name -> feed, Clock.systemUTC(), "tester", null);

        Path pipe = feed.quarantineFolder().resolve("j3-tok.reason.json");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        QuarantinedFile q = new QuarantinedFile("j3-tok", "lab", "p.hl7", null, null, 0, "INS_INVALID", "key", 1L,
                Instant.parse("2026-12-04T00:00:00Z"), "OPEN");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> desk.closeReasonFile(feed, q, "HANDLED", null));
        assertThat(pipe).isRegularFile();
        assertThat(Files.readString(pipe)).contains("\"closed\"").contains("HANDLED").contains("INS_INVALID");

        Path elsewhere = Files.writeString(work.resolve("elsewhere.json"), "{\"file\" : \"not this one\"}");
        Path link = feed.quarantineFolder().resolve("j4-tok.reason.json");
        Files.createSymbolicLink(link, elsewhere);
        desk.closeReasonFile(feed, new QuarantinedFile("j4-tok", "lab", "p.hl7", null, null, 0, "INS_INVALID", "key", 1L,
                Instant.parse("2026-12-04T00:00:00Z"), "OPEN"), "HANDLED", null);
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(Files.readString(link)).doesNotContain("not this one");
        assertThat(Files.readString(elsewhere)).isEqualTo("{\"file\" : \"not this one\"}");
    }

    /**
     * Round 31, an attacker: another claim's sealed sidecar copied over this claim's was requeued with its PDF (one
     * patient's document under another's metadata); a plain sidecar beside a sealed file too. A sealed file names its
     * claim and part: neither moves.
     */
    @Test
    void aSidecarSealedForAnotherClaimOrNotSealedBesideASealedFileIsNotPutBack() throws Exception {
        Feed feed = feed("reports", "pdf");
        Files.createDirectories(feed.drop());
        Path folder = Files.createDirectories(feed.quarantineFolder().resolve("j6-tok"));
        Path clear = Files.writeString(work.resolve("clear.bin"), "%PDF-1.4 synthetic");
        Path kept = folder.resolve("r.pdf");
        fr.dmp.ingest.intake.SealedFile.seal(clear, kept, "j6-tok", fr.dmp.ingest.intake.SealedFile.newKey(),
                fr.dmp.ingest.intake.SealedFile.INPUT);
        Path sidecar = folder.resolve("r.pdf.json");
        fr.dmp.ingest.intake.SealedFile.seal(clear, sidecar, "j7-other", fr.dmp.ingest.intake.SealedFile.newKey(),
                fr.dmp.ingest.intake.SealedFile.SIDECAR);
        QuarantinedFile q = new QuarantinedFile("j6-tok", "reports", "r.pdf", "r.pdf.json", null, 0, "TYPE_UNKNOWN", "type",
                1L, Instant.parse("2026-12-04T00:00:00Z"), "OPEN");
        QuarantineDesk desk = new QuarantineDesk(null, name -> feed, Clock.systemUTC(), "tester", null);

        assertThatThrownBy(() -> desk.requeue(q)).isInstanceOf(QuarantineDesk.Refused.class)
                .hasMessageContaining("sealed for another claim or part").hasMessageContaining("nothing moved");
        Files.writeString(sidecar, "{\"patient\" : {}}");
        assertThatThrownBy(() -> desk.requeue(q)).isInstanceOf(QuarantineDesk.Refused.class)
                .hasMessageContaining("the kept sidecar is not sealed beside a sealed file");
        try (var left = Files.list(feed.drop())) {
            assertThat(left).isEmpty();
        }
    }
}
