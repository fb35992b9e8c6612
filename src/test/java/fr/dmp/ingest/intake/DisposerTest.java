package fr.dmp.ingest.intake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chunk's moves as the disposer makes them (issue 19), without Spring or a database: the keys are kept in a map.
 */
class DisposerTest {

    @TempDir
    Path tmp;

    private final Map<String, byte[]> keys = new HashMap<>();

    private final KeptFileKeys store = new KeptFileKeys() {
        @Override
        public byte[] sealing(String token, String feed) {
            return keys.computeIfAbsent(token, t -> SealedFile.newKey());
        }

        @Override
        public Optional<byte[]> opening(String keyId) {
            return Optional.ofNullable(keys.get(keyId));
        }
    };

    /**
     * Found on review: when a sidecar could not be kept, its input was still renamed into the archive, and the next
     * run removed the claimed input before the sidecar (a crash between the two then lost the sidecar). Now neither
     * part of a failed claim is kept, both stay claimed, and the other claims of the chunk go on.
     */
    @Test
    void aSidecarThatCannotBeKeptKeepsItsInputClaimedAndUnkeptWhileTheRestOfTheChunkGoesOn() throws Exception {
        Path claim = Files.createDirectories(tmp.resolve("claim"));
        Disposer disposer = new Disposer(tmp.resolve("archive"), tmp.resolve("quarantine"), ZoneId.of("Europe/Paris"), store);
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        Disposition broken = new Disposition("j1p0n1", "hospital-reports", "report.pdf", "report.pdf.json", "00", 3,
                FileOutcome.STORED, List.of(), 1, now);
        Disposition fine = new Disposition("j1p0n2", "hospital-reports", "other.pdf", null, "00", 3,
                FileOutcome.STORED, List.of(), 1, now);
        Path input = Files.writeString(claim.resolve("j1p0n1-report.pdf"), "pdf");
        Path sidecar = Files.writeString(claim.resolve("j1p0n1-report.pdf.json"), "{}");
        Path other = Files.writeString(claim.resolve("j1p0n2-other.pdf"), "pdf");
        // the sidecar's place in the archive is taken by a folder that is not empty: its rename fails
        Path keptInput = disposer.target(broken);
        Files.createDirectories(keptInput.resolveSibling(keptInput.getFileName() + ".json").resolve("in-the-way"));

        Map<String, RuntimeException> failed = disposer.disposeAll(List.of(
                new Disposer.Move(broken, input, sidecar), new Disposer.Move(fine, other, null)));

        assertThat(failed).containsOnlyKeys("j1p0n1");
        assertThat(input).as("the input stays claimed").exists();
        assertThat(sidecar).as("the sidecar stays claimed").exists();
        assertThat(keptInput).as("the input is not kept without its sidecar").doesNotExist();
        assertThat(other).as("the other claim is moved").doesNotExist();
        assertThat(disposer.target(fine)).exists();
        assertThat(SealedFile.header(disposer.target(fine))).isPresent();
    }

    /**
     * Found on review: a folder that failed to become durable after the renames in it (EIO) was taken for one that
     * refuses fsync, and the claimed input was removed while its kept copy's name might not be on disk. Now the claim
     * stays claimed and the next attempt, finding it kept, forces the folder again before removing it; a refusal
     * (EINVAL) still lets the move finish.
     */
    @Test
    void aFolderThatFailsToBecomeDurableKeepsItsClaimUntilAnAttemptMakesItDurable() throws Exception {
        Path claim = Files.createDirectories(tmp.resolve("claim"));
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        Disposition failing = new Disposition("j1p0n1", "lab-results", "a.hl7", null, "00", 3,
                FileOutcome.STORED, List.of(), 1, now);
        Disposition refusing = new Disposition("j1p0n2", "lab-results", "b.hl7", null, "00", 3,
                FileOutcome.STORED, List.of(), 1, now);
        Disposer plain = new Disposer(tmp.resolve("archive"), tmp.resolve("quarantine"), ZoneId.of("Europe/Paris"), store);
        Path failingFolder = plain.target(failing).getParent();
        Path refusingFolder = plain.target(refusing).getParent();
        List<Path> asked = new java.util.ArrayList<>();
        Disposer broken = new Disposer(tmp.resolve("archive"), tmp.resolve("quarantine"), ZoneId.of("Europe/Paris"), store,
                (batch, folders) -> {
                    asked.addAll(folders);
                    return Map.of(failingFolder, new java.io.IOException("making a kept-file folder durable failed (errno 5)"),
                            refusingFolder, new Durably.FolderSyncRefused("the file system refuses to sync a folder (errno 22)"));
                });
        Path a = Files.writeString(claim.resolve("j1p0n1-a.hl7"), "MSH|a");
        Path b = Files.writeString(claim.resolve("j1p0n2-b.hl7"), "MSH|b");

        Map<String, RuntimeException> failed = broken.disposeAll(List.of(
                new Disposer.Move(failing, a, null), new Disposer.Move(refusing, b, null)));

        assertThat(asked).contains(failingFolder, refusingFolder);
        assertThat(failed).containsOnlyKeys("j1p0n1");
        assertThat(failed.get("j1p0n1")).hasRootCauseMessage("making a kept-file folder durable failed (errno 5)");
        assertThat(a).as("its folder is not known durable: the claimed file stays").exists();
        assertThat(plain.target(failing)).as("renamed, not yet known durable").exists();
        assertThat(b).as("a folder that refuses fsync: the move stands").doesNotExist();

        // the next attempt finds it kept, makes its folder durable, then removes the claimed file
        assertThat(plain.disposeAll(List.of(new Disposer.Move(failing, a, null)))).isEmpty();
        assertThat(a).doesNotExist();
        assertThat(SealedFile.header(plain.target(failing))).isPresent();
    }

    /**
     * Round 14: a 10 GB sparse file refused TOO_LARGE was sealed into the quarantine, a real 10 GB copy that filled the
     * disk and then every start. A file refused for its size is kept as it came: renamed (the same inode, no byte
     * written), owner-only, never sealed; a requeue moves it back as it is. A small file refused TOO_LARGE for another
     * limit (its pages, a field) holds health data like any other: sealed (found on reading the change).
     */
    @Test
    void aFileRefusedForItsSizeIsKeptByARenameNotACopy() throws Exception {
        Path claim = Files.createDirectories(tmp.resolve("claim"));
        Disposer disposer = new Disposer(tmp.resolve("archive"), tmp.resolve("quarantine"), ZoneId.of("Europe/Paris"), store)
                .sealingUpTo(20L << 20);
        Disposition large = new Disposition("j1p0n1", "lab-results", "huge.hl7", null, null, 3,
                FileOutcome.QUARANTINED, List.of(Disposition.ItemOutcome.rejected(0, fr.dmp.ingest.domain.ReasonCode.TOO_LARGE,
                "file of 10737418240 bytes over the feed's limit")), 1, Instant.parse("2026-12-04T23:00:00Z"));
        Path huge = claim.resolve("j1p0n1-huge.hl7");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(10L << 30); // sparse: no disk used until someone copies it
        }
        Object inode = Files.readAttributes(huge, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        assertThat(disposer.disposeAll(List.of(new Disposer.Move(large, huge, null)))).isEmpty();

        Path kept = disposer.target(large);
        assertThat(huge).doesNotExist();
        assertThat(Files.readAttributes(kept, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isEqualTo(inode);
        assertThat(SealedFile.header(kept)).as("not sealed: sealing is a copy").isEmpty();
        assertThat(java.nio.file.Files.getPosixFilePermissions(kept)).isEqualTo(OwnerOnly.FILE);
        assertThat(kept.resolveSibling(".sealing-input")).doesNotExist();

        Disposition pages = new Disposition("j1p0n2", "lab-results", "long.pdf", null, "00", 3,
                FileOutcome.QUARANTINED, List.of(Disposition.ItemOutcome.rejected(0, fr.dmp.ingest.domain.ReasonCode.TOO_LARGE,
                "PDF of 1200 pages over the feed's limit")), 1, Instant.parse("2026-12-04T23:00:00Z"));
        Path small = Files.writeString(claim.resolve("j1p0n2-long.pdf"), "%PDF-1.7 small but long");
        assertThat(disposer.disposeAll(List.of(new Disposer.Move(pages, small, null)))).isEmpty();
        assertThat(SealedFile.header(disposer.target(pages))).as("sealed: refused for its pages, not its size").isPresent();
    }

    /** Round 14: a sealing that failed half-way (a full disk) left its temporary copy, which each run wrote again. */
    @Test
    void aSealingThatFailsLeavesNoTemporaryCopy() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("kept")).resolve("a.hl7");
        Path notReadable = Files.createDirectories(tmp.resolve("a-folder-not-a-file"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                SealedFile.writeTemporary(notReadable, target, "j1p0n1", SealedFile.newKey(), SealedFile.INPUT))
                .isInstanceOf(java.io.IOException.class);

        try (var left = Files.list(target.getParent())) {
            assertThat(left).isEmpty();
        }
    }
}
