package fr.dmp.ingest.format;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * An ISO-8601 time as our own formats write it (the events CSV {@code at}, a sidecar's {@code creationTime}): with an
 * offset; a local date-time or a date is in the feed's zone (feeds.md {@code timezone}), as a CDA or HL7 time without
 * offset is.
 */
public final class IsoTimes {

    private IsoTimes() {
    }

    /** @throws DateTimeException when the text is none of the three */
    public static Instant instant(String value, ZoneId zone) {
        String v = value.strip();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException withoutOffset) {
            try {
                return LocalDateTime.parse(v).atZone(zone).toInstant();
            } catch (DateTimeException notADateTime) {
                return LocalDate.parse(v).atStartOfDay(zone).toInstant();
            }
        }
    }
}
