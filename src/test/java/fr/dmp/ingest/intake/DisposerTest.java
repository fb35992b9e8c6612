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
}
