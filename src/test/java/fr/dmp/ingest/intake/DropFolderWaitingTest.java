package fr.dmp.ingest.intake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code status} and the end of {@code ingest} say waits in a drop folder, and why (issue 17). */
class DropFolderWaitingTest {

    @TempDir
    Path folder;

    private final Instant now = Instant.parse("2026-12-01T10:00:00Z");

    private Path file(String name, Duration age) throws Exception {
        Path p = Files.writeString(folder.resolve(name), "x");
        Files.setLastModifiedTime(p, FileTime.from(now.minus(age)));
        return p;
    }

    @Test
    void eachFileThatARunWouldLeaveIsCountedUnderItsReasonWithTheOldestAge() throws Exception {
        file("complete.hl7", Duration.ofHours(1));                 // taken: not waiting
        file("fresh.hl7", Duration.ofSeconds(10));                 // quiet period
        file("upload.hl7.part", Duration.ofHours(3));              // upload in progress, the oldest
        file(".rsync.tmp", Duration.ofMinutes(1));
        file("report.pdf", Duration.ofSeconds(90));                // past its quiet period, waits for its sidecar
        file("alone.pdf", Duration.ofHours(1));                    // waited long enough: taken (METADATA_MISSING)
        file("pair.pdf", Duration.ofHours(1));
        file("pair.pdf.json", Duration.ofSeconds(5));              // the pair waits for its fresh sidecar
        DropFolder drop = new DropFolder(folder, Duration.ofMinutes(1), Clock.fixed(now, ZoneOffset.UTC),
                p -> p.getFileName().toString().endsWith(".pdf"));

        DropFolder.Waiting w = drop.waiting();

        assertThat(w.counts()).isEqualTo(Map.of(DropFolder.WaitReason.QUIET_PERIOD, 2L,
                DropFolder.WaitReason.UPLOAD_IN_PROGRESS, 2L, DropFolder.WaitReason.SIDECAR_EXPECTED, 1L));
        assertThat(w.total()).isEqualTo(5);
        assertThat(w.oldest()).isEqualTo(now.minus(Duration.ofHours(3)));
    }

    /**
     * Round 9 attacks 2, 5 and 18: a sub-folder, a file dated in the future and, in marker mode, a file without its
     * marker waited unseen ("no file waiting in the drop", or "the oldest for 0s").
     */
    @Test
    void aSubFolderAFutureTimeAndAMissingMarkerAreCountedToo() throws Exception {
        Files.createDirectory(folder.resolve("subdir.hl7"));
        file("ahead.hl7", Duration.ofDays(-2));
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        DropFolder.Waiting w = new DropFolder(folder, Duration.ofMinutes(1), clock, p -> false).waiting();
        assertThat(w.counts()).isEqualTo(Map.of(DropFolder.WaitReason.FOLDER, 1L, DropFolder.WaitReason.FUTURE_TIME, 1L));
        assertThat(fr.dmp.ingest.ops.FeedStatus.waitingLine(w, now)).contains("1 sub-folder(s), never taken")
                .contains("1 modified in the future").doesNotContain("0s");

        Files.delete(folder.resolve("ahead.hl7"));
        file("marked.hl7", Duration.ofHours(1));
        file("marked.hl7.ok", Duration.ofHours(1));
        file("unmarked.hl7", Duration.ofHours(1));
        DropFolder.Waiting m = new DropFolder(folder, Duration.ofMinutes(1), clock, p -> false, Completion.marker(".ok")).waiting();
        assertThat(m.counts()).isEqualTo(Map.of(DropFolder.WaitReason.FOLDER, 1L, DropFolder.WaitReason.MARKER_EXPECTED, 1L));
    }

    @Test
    void aFolderWhoseFilesAreAllCompleteHasNothingWaiting() throws Exception {
        file("complete.hl7", Duration.ofHours(1));
        DropFolder.Waiting w = new DropFolder(folder, Duration.ofMinutes(1), Clock.fixed(now, ZoneOffset.UTC), p -> false).waiting();
        assertThat(w.total()).isZero();
        assertThat(w.oldest()).isNull();
        // round 9: complete files the next run takes are said too (status said "no file waiting" while four were ready)
        assertThat(w.ready()).isEqualTo(1);
        assertThat(fr.dmp.ingest.ops.FeedStatus.waitingLine(w, now)).isEqualTo("no file waiting in the drop; 1 file(s) ready for the next run");
    }
}
