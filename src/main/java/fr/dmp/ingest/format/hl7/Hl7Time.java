package fr.dmp.ingest.format.hl7;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * HL7 DTM / TS values: {@code YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]} (also the CDA TS form). A
 * value without offset is read in the feed's time zone.
 */
public final class Hl7Time {

    private Hl7Time() {
    }

    /**
     * The instant of a DTM value; null when blank; throws {@link DateTimeException} when unparseable. Read by
     * hand, not with a regular expression: it runs once per OBX, and the regex was a visible cost (issue 19).
     */
    public static Instant instant(String value, ZoneId zone) {
        if (value == null || value.isBlank() || Hl7Fields.isNull(value)) {
            return null; // HL7's explicit null "" is no time
        }
        String v = value.strip();
        int n = v.length();
        int digits = 0;
        while (digits < n && isDigit(v.charAt(digits))) {
            digits++;
        }
        // YYYY[MM[DD[HH[MM[SS]]]]]: 4 to 14 digits, pairs after the year
        if (digits < 4 || digits > 14 || digits % 2 != 0) {
            throw notDtm();
        }
        int year = number(v, 0, 4);
        int month = digits >= 6 ? number(v, 4, 6) : 1;
        int day = digits >= 8 ? number(v, 6, 8) : 1;
        int hour = digits >= 10 ? number(v, 8, 10) : 0;
        int minute = digits >= 12 ? number(v, 10, 12) : 0;
        int second = digits >= 14 ? number(v, 12, 14) : 0;
        int i = digits;
        int nanos = 0;
        if (i < n && v.charAt(i) == '.') {
            int from = ++i;
            // HL7 v2 writes up to 4 digits; CDA exports write 6 (.123456, the Australian library, round 32) or more (an
            // attacker): read to the nanosecond, stored to the microsecond as formats.md says
            while (i < n && i - from < 9 && isDigit(v.charAt(i))) {
                i++;
            }
            if (i == from) {
                throw notDtm();
            }
            nanos = Integer.parseInt((v.substring(from, i) + "000000000").substring(0, 9));
        }
        LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        if (i == n) {
            return local.atZone(zone).toInstant();
        }
        char sign = v.charAt(i);
        if ((sign != '+' && sign != '-') || n - i != 5 || !allDigits(v, i + 1, n)) {
            throw notDtm();
        }
        int hours = number(v, i + 1, i + 3);
        int minutes = number(v, i + 3, i + 5);
        ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign == '-' ? -hours : hours, sign == '-' ? -minutes : minutes);
        return local.toInstant(offset);
    }

    private static DateTimeException notDtm() {
        return new DateTimeException("not an HL7 date/time");
    }

    /** An ASCII digit only, as the former regular expression read them. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!isDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static int number(String s, int from, int to) {
        int v = 0;
        for (int k = from; k < to; k++) {
            v = v * 10 + (s.charAt(k) - '0');
        }
        return v;
    }

    /** A birth date: the date part of a DTM, at least YYYYMMDD. */
    public static LocalDate date(String value) {
        if (value == null || value.isBlank() || Hl7Fields.isNull(value)) {
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
