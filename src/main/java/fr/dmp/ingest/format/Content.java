package fr.dmp.ingest.format;

import java.nio.file.Path;

/**
 * The bytes stored as the document's content, their SHA-256 (hex), their media type, and the text
 * extracted from them for search and classification. A large single document (a PDF of hundreds of
 * megabytes) is not held in the heap: its content stays in its claimed {@code file}, streamed to the
 * store, and {@code bytes} is null.
 */
public record Content(byte[] bytes, String sha256, String mediaType, String text, Path file, long size) {

    public Content {
        if ((bytes == null) == (file == null)) {
            throw new IllegalArgumentException("a content is either bytes or a file");
        }
    }

    public Content(byte[] bytes, String sha256, String mediaType, String text) {
        this(bytes, sha256, mediaType, text, null, bytes.length);
    }

    /** A content read from its file when stored. */
    public static Content inFile(Path file, long size, String sha256, String mediaType, String text) {
        return new Content(null, sha256, mediaType, text, file, size);
    }

    public boolean inFile() {
        return file != null;
    }

    @Override
    public String toString() {
        return "Content[" + mediaType + ", " + size + " bytes" + (file == null ? "" : " in file") + ", sha256=" + sha256 + "]";
    }
}
