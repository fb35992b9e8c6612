package fr.dmp.ingest.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Which inputs come with a sidecar {@code <name>.json} carrying their identity and metadata: a PDF has
 * no structured slot for them (formats.md). Intake asks this before claiming a file alone.
 */
public final class Sidecars {

    private Sidecars() {
    }

    /** A PDF, by its magic bytes (or, when unreadable now, by its name). Never follows a link. */
    public static boolean expectsSidecar(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] head = in.readNBytes(8);
            int offset = head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB ? 3 : 0;
            return head.length >= offset + 5 && head[offset] == '%' && head[offset + 1] == 'P'
                    && head[offset + 2] == 'D' && head[offset + 3] == 'F' && head[offset + 4] == '-';
        } catch (IOException e) {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pdf");
        }
    }
}
