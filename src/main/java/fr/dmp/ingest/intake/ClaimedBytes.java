package fr.dmp.ingest.intake;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.domain.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Reads a claimed file without ever being tricked into reading something else: a symbolic link is not
 * followed (it may point to /etc/passwd), a FIFO or device is never opened (a FIFO would block), and
 * nothing over the size limit is read (a 1 GB sparse file is refused by its size).
 */
public final class ClaimedBytes {

    private ClaimedBytes() {
    }

    /** The bytes of a claimed file and of its sidecar, or why they are not read. */
    public sealed interface Result {
    }

    public record Read(byte[] bytes, String sha256, byte[] companion) implements Result {
    }

    /** @param size the size seen, when known */
    public record Refused(Rejection rejection, long size, String sha256) implements Result {
    }

    public static Result read(ClaimedFile file, long maxSize) throws IOException {
        Optional<Refused> unsafe = check(file.path(), maxSize);
        if (unsafe.isPresent()) {
            return unsafe.get();
        }
        byte[] bytes = bounded(file.path(), maxSize);
        String sha = Sha256.hex(bytes);
        if (bytes.length > maxSize) {
            return new Refused(Rejection.of(ReasonCode.TOO_LARGE, "grew over the feed's limit while read"), bytes.length, sha);
        }
        byte[] companion = null;
        if (file.hasCompanion()) {
            BasicFileAttributes c = Files.readAttributes(file.companion(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!c.isRegularFile()) {
                return new Refused(Rejection.of(ReasonCode.UNSAFE_CONTENT, "sidecar is not a regular file"), bytes.length, sha);
            }
            if (c.size() > maxSize) {
                return new Refused(Rejection.of(ReasonCode.TOO_LARGE, "sidecar over the feed's limit"), bytes.length, sha);
            }
            companion = bounded(file.companion(), maxSize);
        }
        return new Read(bytes, sha, companion);
    }

    /** Why a claimed file is not to be opened at all: a link, no regular file, or over the size limit. */
    public static Optional<Refused> check(Path path, long maxSize) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
            return Optional.of(new Refused(Rejection.of(ReasonCode.UNSAFE_CONTENT, "symbolic link, not followed"), 0, null));
        }
        if (!attrs.isRegularFile()) {
            return Optional.of(new Refused(Rejection.of(ReasonCode.UNSAFE_CONTENT, "not a regular file (FIFO, socket or device)"), 0, null));
        }
        if (attrs.size() > maxSize) {
            return Optional.of(new Refused(Rejection.of(ReasonCode.TOO_LARGE, attrs.size() + " bytes, over the feed's limit of " + maxSize),
                    attrs.size(), null));
        }
        return Optional.empty();
    }

    /** The sidecar's bytes, or why it is not read. */
    public static Result companion(Path companion, long maxSize) throws IOException {
        BasicFileAttributes c = Files.readAttributes(companion, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!c.isRegularFile()) {
            return new Refused(Rejection.of(ReasonCode.UNSAFE_CONTENT, "sidecar is not a regular file"), 0, null);
        }
        if (c.size() > maxSize) {
            return new Refused(Rejection.of(ReasonCode.TOO_LARGE, "sidecar over the feed's limit"), 0, null);
        }
        return new Read(null, null, bounded(companion, maxSize));
    }

    /** At most one byte over the limit, never following a link swapped in since the check. */
    private static byte[] bounded(Path path, long maxSize) throws IOException {
        try (InputStream in = Files.newInputStream(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxSize + 1));
        }
    }
}
