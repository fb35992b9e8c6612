package fr.dmp.ingest.intake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DropFolderTest {

    @TempDir
    Path drop;

    static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private Path file(String name, Duration age) throws IOException {
        Path p = drop.resolve(name);
        Files.writeString(p, "x");
        Files.setLastModifiedTime(p, FileTime.from(NOW.minus(age)));
        return p;
    }

    private List<String> candidates(DropFolder folder) {
        List<String> out = new ArrayList<>();
        try (DropFolder.Scan scan = folder.scan(n -> true)) {
            scan.forEachRemaining(c -> out.add(c.file().getFileName() + (c.companion() == null ? "" : "+json")));
        }
        return out;
    }

    @Test
    void onlyCompleteFilesAreCandidates() throws IOException {
        file("done.hl7", Duration.ofMinutes(5));
        file("fresh.hl7", Duration.ofSeconds(2));        // still within the quiet period
        file("upload.hl7.part", Duration.ofMinutes(5));  // temporary names are never taken
        file("upload.tmp", Duration.ofMinutes(5));
        file(".hidden.hl7", Duration.ofMinutes(5));
        Files.createDirectory(drop.resolve("subfolder"));
        assertThat(candidates(new DropFolder(drop, Duration.ofSeconds(10), clock, p -> false)))
                .containsExactly("done.hl7");
    }

    @Test
    void aSidecarMovesWithItsFileAndAFileThatExpectsOneWaitsAnotherQuietPeriod() throws IOException {
        file("with.pdf", Duration.ofMinutes(5));
        file("with.pdf.json", Duration.ofMinutes(5));
        file("waiting.pdf", Duration.ofSeconds(15));     // past one quiet period, not two
        file("abandoned.pdf", Duration.ofMinutes(5));    // past two: taken alone, to be refused
        file("orphan.pdf.json", Duration.ofSeconds(15)); // its PDF may still come
        DropFolder folder = new DropFolder(drop, Duration.ofSeconds(10), clock, p -> p.toString().endsWith(".pdf"));
        assertThat(candidates(folder)).containsExactlyInAnyOrder("with.pdf+json", "abandoned.pdf");
    }

    /**
     * Round 9 attack 5: a sender wrote the sidecar first, then uploaded the PDF under a temporary name for longer than
     * two quiet periods; the sidecar was taken alone (FORMAT_UNSUPPORTED) and the PDF after its rename had none
     * (METADATA_MISSING). A half of a pair whose other half is visibly uploading waits, whatever its age.
     */
    @Test
    void aHalfOfAPairWaitsWhileTheOtherIsUploadedUnderATemporaryName() throws IOException {
        file("u.pdf.json", Duration.ofHours(1));
        file("u.pdf.part", Duration.ofSeconds(1));
        file("v.pdf", Duration.ofHours(1));
        file("v.pdf.json.tmp", Duration.ofSeconds(1));
        file("w.pdf.json", Duration.ofHours(1));
        file(".w.pdf", Duration.ofSeconds(1));
        file("alone.pdf.json", Duration.ofHours(1)); // nothing on its way: taken, to be refused
        DropFolder folder = new DropFolder(drop, Duration.ofSeconds(10), clock, p -> p.toString().endsWith(".pdf"));
        assertThat(candidates(folder)).containsExactly("alone.pdf.json");
        // status counts them as the scan decides: the three halves and the three uploads wait, the lone sidecar is taken
        DropFolder.Waiting w = folder.waiting();
        assertThat(w.counts()).isEqualTo(java.util.Map.of(DropFolder.WaitReason.UPLOAD_IN_PROGRESS, 6L));
        assertThat(w.ready()).isEqualTo(1);

        Files.delete(drop.resolve("u.pdf.part"));
        file("u.pdf", Duration.ofMinutes(1)); // renamed when complete (the rename keeps the upload's time)
        assertThat(candidates(folder)).containsExactlyInAnyOrder("alone.pdf.json", "u.pdf+json");
    }

    /**
     * Round 11: a PDF named on a Mac (NFD: e + combining acute) beside the sidecar a program wrote in NFC (é) was taken
     * alone and refused METADATA_MISSING, its sidecar alone FORMAT_UNSUPPORTED. The pair is one, whichever form each
     * name is in; the scan and status agree.
     */
    @Test
    void aSidecarNamedInAnotherUnicodeNormalFormStillGoesWithItsFile() throws IOException {
        String nfc = "compte-rendu-h\u00e9matologie.pdf";
        String nfd = java.text.Normalizer.normalize(nfc, java.text.Normalizer.Form.NFD);
        assertThat(nfd).isNotEqualTo(nfc);
        file(nfd, Duration.ofMinutes(5));
        file(nfc + ".json", Duration.ofMinutes(5));
        String other = "lettre-s\u00e9jour.pdf";
        file(other, Duration.ofMinutes(5));
        file(java.text.Normalizer.normalize(other, java.text.Normalizer.Form.NFD) + ".json", Duration.ofMinutes(5));
        DropFolder folder = new DropFolder(drop, Duration.ofSeconds(10), clock, p -> p.toString().endsWith(".pdf"));
        List<DropFolder.Candidate> found = new ArrayList<>();
        try (DropFolder.Scan scan = folder.scan(n -> true)) {
            scan.forEachRemaining(found::add);
        }
        assertThat(found).hasSize(2).allSatisfy(c -> {
            assertThat(c.file().getFileName().toString()).endsWith(".pdf");
            assertThat(c.companion()).isNotNull().exists();
        });
        DropFolder.Waiting w = folder.waiting();
        assertThat(w.ready()).isEqualTo(2);
        assertThat(w.total()).isZero();
    }

    @Test
    void aPairIsCompleteOnlyWhenBothAre() throws IOException {
        file("r.pdf", Duration.ofMinutes(5));
        file("r.pdf.json", Duration.ofSeconds(1));
        assertThat(candidates(new DropFolder(drop, Duration.ofSeconds(10), clock, p -> true))).isEmpty();
    }

    @Test
    void claimingIsAnAtomicMoveUnderAUniqueTokenAndTheNameIsRecoverable() throws IOException {
        file("a.pdf", Duration.ofMinutes(5));
        file("a.pdf.json", Duration.ofMinutes(5));
        Path claim = drop.resolve(".claim"); // hidden: never a candidate itself
        Claimer claimer = new Claimer(claim);
        DropFolder.Candidate c = new DropFolder.Candidate(drop.resolve("a.pdf"), drop.resolve("a.pdf.json"));
        ClaimedFile claimed = claimer.claim(c, "j7p0n1").orElseThrow();
        assertThat(claimed.path()).isEqualTo(claim.resolve("j7p0n1_a.pdf"));
        assertThat(claimed.companion()).isEqualTo(claim.resolve("j7p0n1_a.pdf.json"));
        assertThat(drop.resolve("a.pdf")).doesNotExist();
        assertThat(ClaimNames.split(claimed.path().getFileName().toString())).hasValueSatisfying(parts -> {
            assertThat(parts[0]).isEqualTo("j7p0n1");
            assertThat(parts[1]).isEqualTo("a.pdf");
        });
        // gone meanwhile: nothing claimed, no exception
        assertThat(claimer.claim(new DropFolder.Candidate(drop.resolve("gone.hl7"), null), "j7p0n2")).isEmpty();
    }
    /**
     * Round 36, an operator: one file the job could not move (immutable, a sender's lock) failed the whole feed every night
     * and named no file. It stays in the drop folder, not taken; the next file is claimed. (chattr needs root and a file
     * system that has the attribute: the test says it is skipped otherwise.)
     */
    @Test
    void aFileThatCannotBeMovedStaysInTheDropAndTheNextIsClaimed() throws Exception {
        Path locked = file("locked.hl7", Duration.ofMinutes(5));
        file("next.hl7", Duration.ofMinutes(5));
        Process chattr = new ProcessBuilder("chattr", "+i", locked.toString()).redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(chattr.waitFor() == 0, "chattr +i is not available here");
        try {
            Claimer claimer = new Claimer(drop.resolve(".claim"));
            assertThat(claimer.claim(new DropFolder.Candidate(locked, null), "j8p0n1")).isEmpty();
            assertThat(locked).exists();
            assertThat(claimer.claim(new DropFolder.Candidate(drop.resolve("next.hl7"), null), "j8p0n2")).isPresent();
            // a review: a PDF whose sidecar cannot be moved is not taken without it
            Path pdf = file("letter.pdf", Duration.ofMinutes(5));
            assertThat(claimer.claim(new DropFolder.Candidate(pdf, locked), "j8p0n3")).isEmpty();
            assertThat(pdf).exists();
            assertThat(locked).exists();
        } finally {
            new ProcessBuilder("chattr", "-i", locked.toString()).start().waitFor();
        }
    }
}
