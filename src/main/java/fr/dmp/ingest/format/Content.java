package fr.dmp.ingest.format;

/**
 * The bytes stored as the document's content, their SHA-256 (hex), their media type, and the text
 * extracted from them for search and classification.
 */
public record Content(byte[] bytes, String sha256, String mediaType, String text) {

    public long size() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "Content[" + mediaType + ", " + bytes.length + " bytes, sha256=" + sha256 + "]";
    }
}
