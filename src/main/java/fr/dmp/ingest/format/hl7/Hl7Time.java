package fr.dmp.ingest.format.hl7;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HL7 DTM / TS values: {@code YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]} (also the CDA TS form). A
 * value without offset is read in the feed's time zone.
 */
public final class Hl7Time {

    private static final Pattern DTM = Pattern.compile(
            "(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(?:\\.(\\d{1,4}))?([+-]\\d{4})?");

    private Hl7Time() {
    }

    /** The instant of a DTM value; null when blank; throws {@link DateTimeException} when unparseable. */
    public static Instant instant(String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = DTM.matcher(value.strip());
        if (!m.matches()) {
            throw new DateTimeException("not an HL7 date/time");
        }
        int year = Integer.parseInt(m.group(1));
        int month = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
        int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
        int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        int nanos = 0;
        if (m.group(7) != null) {
            String frac = (m.group(7) + "000000000").substring(0, 9);
            nanos = Integer.parseInt(frac);
        }
        LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        if (m.group(8) != null) {
            String off = m.group(8);
            int hours = Integer.parseInt(off.substring(1, 3));
            int minutes = Integer.parseInt(off.substring(3, 5));
            ZoneOffset offset = ZoneOffset.ofHoursMinutes(off.charAt(0) == '-' ? -hours : hours,
                    off.charAt(0) == '-' ? -minutes : minutes);
            return local.toInstant(offset);
        }
        return local.atZone(zone).toInstant();
    }

    /** A birth date: the date part of a DTM, at least YYYYMMDD. */
    public static LocalDate date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() < 8 || !v.substring(0, 8).chars().allMatch(Character::isDigit)) {
            throw new DateTimeException("not an HL7 date");
        }
        return LocalDate.of(Integer.parseInt(v.substring(0, 4)), Integer.parseInt(v.substring(4, 6)),
                Integer.parseInt(v.substring(6, 8)));
    }
}
