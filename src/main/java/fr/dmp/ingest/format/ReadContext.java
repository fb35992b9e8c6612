package fr.dmp.ingest.format;

import java.nio.charset.Charset;
import java.time.ZoneId;

/**
 * What a reader needs to know of its feed: the character set of text inputs that declare none and
 * are not valid UTF-8, and the time zone of timestamps without an offset.
 */
public record ReadContext(Charset defaultCharset, ZoneId zone) {
}
