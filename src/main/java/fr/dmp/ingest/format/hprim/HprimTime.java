package fr.dmp.ingest.format.hprim;

import fr.dmp.ingest.domain.BirthDate;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HPRIM dates: {@code YYYYMMDD[HHMM[SS]]} in HPRIM Santé, {@code JJ/MM/AAAA} in the header lines of
 * HPRIM Net. HPRIM carries no offset: a time is read in the feed's time zone. Anything else throws
 * {@link DateTimeException} whose message never holds the value.
 */
public final class HprimTime {

    private static final Pattern DATE_TIME = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(?:(\\d{2})(\\d{2})(\\d{2})?)?");
    private static final Pattern BIRTH_DATE = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(?:\\d{4}(?:\\d{2})?)?");
    private static final Pattern YEAR_OR_MONTH = Pattern.compile("\\d{4}(\\d{2})?");
    private static final Pattern NET_DATE = Pattern.compile("(\\d{2})[/.-](\\d{2})[/.-](\\d{4})");
    /** {@code AAAA-MM-JJ}: some laboratory software writes the header dates this way (MedShakeEHR reads it too). */
    /** A time after a date on line 10: hours and minutes, seconds maybe ("08:30", "8h30", "08:30:15"). */
    private static final Pattern TIME_AFTER = Pattern.compile("(?<=\\d)(?:[ T]+|\\s+à\\s*)(\\d{1,2})[:hH.](\\d{2})(?:[:.](\\d{2}))?$");
    private static final Pattern NET_ISO_DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");

    private HprimTime() {
    }

    /** The instant of a {@code YYYYMMDD[HHMM[SS]]} value; null when blank. */
    public static Instant instant(String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = DATE_TIME.matcher(value.strip());
        if (!m.matches()) {
            throw new DateTimeException("not an HPRIM date/time");
        }
        LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
        return local.atZone(zone).toInstant();
    }

    /**
     * A birth date, {@code YYYYMMDD} (a time part, when a sender adds one, is ignored), {@code 00} for a day or month
     * that civil status does not know, or {@code YYYY} / {@code YYYYMM} alone; null when blank.
     */
    public static BirthDate birthDate(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        Matcher m = BIRTH_DATE.matcher(v);
        if (m.matches()) {
            return BirthDate.digits(m.group(1) + m.group(2) + m.group(3));
        }
        if (YEAR_OR_MONTH.matcher(v).matches()) {
            return BirthDate.digits(v);
        }
        throw new DateTimeException("not an HPRIM date");
    }

    /** An HPRIM Net birth date (line 7): as {@link #netDate}, with {@code 00} for an unknown day or month ({@code 00/00/1961}). */
    public static BirthDate netBirthDate(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        String digits = netDigits(v);
        return digits != null ? BirthDate.digits(digits) : birthDate(v);
    }

    /**
     * An HPRIM Net header date, {@code JJ/MM/AAAA} (also with {@code .} or {@code -}), {@code AAAA-MM-JJ} or
     * {@code AAAAMMJJ}.
     */
    public static LocalDate netDate(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        // the request's day with its time, "05/12/2026 08:30" (round 35, a tester: software reads 15 characters of line 10);
        // a time of the clock only ("25:99" is no time: an attacker), written 08:30, 8h30, 08.30, "à 8h30" (an attacker)
        String v = value.strip();
        Matcher time = TIME_AFTER.matcher(v);
        if (time.find() && Integer.parseInt(time.group(1)) < 24 && Integer.parseInt(time.group(2)) < 60
                && (time.group(3) == null || Integer.parseInt(time.group(3)) < 60)) {
            v = v.substring(0, time.start());
        }
        String digits = netDigits(v);
        if (digits == null && v.length() == 8 && BIRTH_DATE.matcher(v).matches()) {
            digits = v;
        }
        if (digits == null) {
            throw new DateTimeException("not an HPRIM Net date");
        }
        return LocalDate.of(Integer.parseInt(digits.substring(0, 4)), Integer.parseInt(digits.substring(4, 6)),
                Integer.parseInt(digits.substring(6, 8)));
    }

    /** {@code JJ/MM/AAAA} (or {@code .}, {@code -}) and {@code AAAA-MM-JJ} as {@code AAAAMMJJ}; null for another form. */
    private static String netDigits(String v) {
        Matcher m = NET_DATE.matcher(v);
        if (m.matches()) {
            return m.group(3) + m.group(2) + m.group(1);
        }
        Matcher iso = NET_ISO_DATE.matcher(v);
        return iso.matches() ? iso.group(1) + iso.group(2) + iso.group(3) : null;
    }
}
