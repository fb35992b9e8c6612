package fr.dmp.ingest.format;

import java.nio.charset.Charset;
import java.time.ZoneId;

/**
 * What a reader needs to know of its feed: the character set of text inputs that declare none and
 * are not valid UTF-8, the time zone of timestamps without an offset, and the limits that keep a
 * hostile input from exhausting memory or time.
 *
 * @param maxBytes     largest content a reader may decode (embedded base64, decompressed streams)
 * @param maxPdfPages  PDFs with more pages are TOO_LARGE
 */
public record ReadContext(Charset defaultCharset, ZoneId zone, long maxBytes, int maxPdfPages) {

    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_PDF_PAGES = 1000;

    public ReadContext(Charset defaultCharset, ZoneId zone) {
        this(defaultCharset, zone, DEFAULT_MAX_BYTES, DEFAULT_MAX_PDF_PAGES);
    }
}
