package fr.dmp.ingest.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * A file's size and modification time as seen at one moment. A file is read only when complete: its
 * stamp is the same when seen in the drop folder, after the claim and after reading, before the store
 * commits (issue 16, "Losses" 6). A sender that paused longer than the quiet period and writes again
 * through its open descriptor changes the claimed file's stamp: the file goes back to the drop folder.
 *
 * @param size         bytes
 * @param modifiedNanos modification time, nanoseconds since the epoch (what the file system keeps)
 */
public record FileStamp(long size, long modifiedNanos) {

    public static FileStamp of(BasicFileAttributes attrs) {
        java.time.Instant t = attrs.lastModifiedTime().toInstant();
        return new FileStamp(attrs.size(), t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }

    /** The stamp of {@code path} now (links not followed), or empty when it is gone or unreadable. */
    public static Optional<FileStamp> now(Path path) {
        try {
            return Optional.of(of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code path} no longer has this stamp (grown, shrunk, written to, or gone). */
    public boolean changed(Path path) {
        return !now(path).map(this::equals).orElse(false);
    }
}
