package fr.dmp.ingest.intake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chunk's kept files made durable together (issue 19): by one syncfs per file system where Linux reports
 * write-back errors to it (5.8 and later), else by an fsync per file; a path that cannot be made durable is
 * reported, never passed over, since its claimed file must then stay.
 */
class DurablyTest {

    @TempDir
    Path dir;

    @Test
    void syncfsServesOnlyWhereItReportsWriteBackErrors() {
        assertThat(FileSystemSync.reportsWriteBackErrors("6.18.44-fc-v1045")).isTrue();
        assertThat(FileSystemSync.reportsWriteBackErrors("5.8.0-63-generic")).isTrue();
        assertThat(FileSystemSync.reportsWriteBackErrors("5.15.0")).isTrue();
        assertThat(FileSystemSync.reportsWriteBackErrors("5.4.0-150-generic")).isFalse(); // errors unseen: fsync each
        assertThat(FileSystemSync.reportsWriteBackErrors("4.18.0-553.el8")).isFalse();
        assertThat(FileSystemSync.reportsWriteBackErrors("")).isFalse();
        assertThat(FileSystemSync.reportsWriteBackErrors("unknown")).isFalse();
    }

    /** Found on review: a stacked file system's syncfs may miss its lower layer's write-back errors. */
    @Test
    void syncfsServesOnlyFileSystemsThatRecordTheirOwnWriteBackErrors() {
        assertThat(FileSystemSync.reportsErrorsOn("ext4")).isTrue();
        assertThat(FileSystemSync.reportsErrorsOn("xfs")).isTrue();
        assertThat(FileSystemSync.reportsErrorsOn("btrfs")).isTrue();
        assertThat(FileSystemSync.reportsErrorsOn("overlay")).isFalse(); // fsync each
        assertThat(FileSystemSync.reportsErrorsOn("nfs4")).isFalse();
        assertThat(FileSystemSync.reportsErrorsOn("fuse.sshfs")).isFalse();
        assertThat(FileSystemSync.reportsErrorsOn("tmpfs")).isFalse();
    }

    @Test
    void onALinuxThatReportsWriteBackErrorsTheFileSystemIsSyncedOnce() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux")
                && FileSystemSync.reportsWriteBackErrors(System.getProperty("os.version")), "not Linux 5.8 or later");
        assertThat(FileSystemSync.available()).as("syncfs through JNA").isTrue();
    }

    @Test
    void aBatchOfFilesIsMadeDurableAndNoneIsReportedFailed() throws IOException {
        List<Path> files = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        try (Durably.Batch batch = Durably.begin()) {
            batch.watch(dir);
            for (int i = 0; i < 40; i++) {
                Path folder = Files.createDirectory(dir.resolve("t" + i));
                folders.add(folder);
                files.add(Files.writeString(folder.resolve("f"), "kept " + i));
            }
            assertThat(batch.force(files, false)).isEmpty();
            assertThat(batch.force(folders, true)).isEmpty();
        }
        assertThat(Files.readString(files.get(7))).isEqualTo("kept 7");
    }

    @Test
    void aPathThatCannotBeForcedIsReportedWhileTheOthersAreDurable() throws IOException {
        Path present = Files.writeString(dir.resolve("present"), "x");
        Path other = Files.writeString(dir.resolve("other"), "y");
        Path gone = dir.resolve("gone/never-written");
        Map<Path, IOException> failed;
        try (Durably.Batch batch = Durably.begin()) {
            batch.watch(dir);
            failed = batch.force(List.of(present, other, gone), false);
        }
        assertThat(failed).containsOnlyKeys(gone);
        assertThat(Durably.forceAll(List.of(present, gone))).containsOnlyKeys(gone); // without a watch: fsync each
    }

    /** A folder that cannot be made durable is reported as a failure, never taken for one whose file system refuses. */
    @Test
    void aFolderThatFailsIsToldApartFromAFolderSyncRefused() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("kept"));
        Path missing = dir.resolve("missing");
        Map<Path, IOException> failed;
        try (Durably.Batch batch = Durably.begin()) { // nothing watched: each folder forced on its own
            failed = batch.force(List.of(folder, missing), true);
        }
        assertThat(failed).containsOnlyKeys(missing);
        assertThat(failed.get(missing)).isNotInstanceOf(Durably.FolderSyncRefused.class);
    }
}
