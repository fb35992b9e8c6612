package fr.dmp.ingest.domain;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * A birth date as civil status records it: complete, or known only to the month or the year. People born abroad
 * often have only a birth year in their civil status, and the INS referential then holds an incomplete date
 * ("00" for the unknown day and month); HL7 and CDA write it at the precision known ({@code 1961}, {@code 196105}),
 * some senders with zeros ({@code 19610000}). A partial date equals only the same partial date: a complete date in
 * that year is another trait (ins.md: birth date must be equal).
 *
 * @param month 1–12, or 0 when unknown
 * @param day   1–31, or 0 when unknown (always 0 when the month is)
 */
public record BirthDate(int year, int month, int day) {

    public enum Precision { YEAR, MONTH, DAY }

    public BirthDate {
        if (year < 1 || year > 9999 || month < 0 || month > 12 || day < 0 || (month == 0 && day != 0)) {
            throw new DateTimeException("not a birth date");
        }
        if (day != 0) {
            LocalDate.of(year, month, day); // throws for 31 April, 29 February of a common year
        }
    }

    public static BirthDate of(LocalDate date) {
        return date == null ? null : new BirthDate(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }

    public static BirthDate of(int year, int month, int day) {
        return new BirthDate(year, month, day);
    }

    /** A stored date with its precision: the first day of the known period, and how much of it is known. */
    public static BirthDate of(LocalDate first, Precision precision) {
        if (first == null) {
            return null;
        }
        return switch (precision == null ? Precision.DAY : precision) {
            case YEAR -> new BirthDate(first.getYear(), 0, 0);
            case MONTH -> new BirthDate(first.getYear(), first.getMonthValue(), 0);
            case DAY -> of(first);
        };
    }

    /** What may follow YYYYMMDD in an HL7 v2 DTM or a CDA TS: HHMMSS at some precision, a fraction, an offset. */
    private static final java.util.regex.Pattern DTM_REST = java.util.regex.Pattern.compile("(\\d{2}){0,3}(\\.\\d{1,4})?([+-]\\d{4})?");

    /**
     * The digits of an HL7 / CDA / HPRIM date: {@code YYYY}, {@code YYYYMM} or {@code YYYYMMDD} (a time after the eighth
     * digit, with its fraction and offset, is ignored; anything else is no date), with {@code 00} for an unknown month or
     * day; null when blank.
     */
    public static BirthDate digits(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        int n = 0;
        while (n < v.length() && n < 8 && Character.isDigit(v.charAt(n))) {
            n++;
        }
        if (n != 4 && n != 6 && n != 8) {
            throw new DateTimeException("not a date");
        }
        if (n < 8 && n < v.length()) {
            throw new DateTimeException("not a date"); // "1961-05": not this form
        }
        if (n == 8 && !DTM_REST.matcher(v.substring(8)).matches()) {
            // after the day, an HL7 DTM / CDA TS holds only a time, its fraction and an offset: "19500131T143414" (ISO 8601's
            // T) was read as a birth date and opened a dossier (round 37, a tester on dcm4che's messages)
            throw new DateTimeException("not a date");
        }
        int year = Integer.parseInt(v.substring(0, 4));
        int month = n >= 6 ? Integer.parseInt(v.substring(4, 6)) : 0;
        int day = n == 8 ? Integer.parseInt(v.substring(6, 8)) : 0;
        return new BirthDate(year, month, day);
    }

    /** ISO 8601 at the precision known: {@code 1961}, {@code 1961-05}, {@code 1961-05-03}; {@code 00} parts too. */
    public static BirthDate iso(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (!v.matches("\\d{4}(-\\d{2}(-\\d{2})?)?")) {
            throw new DateTimeException("not an ISO date");
        }
        return digits(v.replace("-", ""));
    }

    public Precision precision() {
        return month == 0 ? Precision.YEAR : day == 0 ? Precision.MONTH : Precision.DAY;
    }

    public boolean complete() {
        return day != 0;
    }

    /** The first day the person may have been born (1 January of a year known alone). */
    public LocalDate earliest() {
        return LocalDate.of(year, month == 0 ? 1 : month, day == 0 ? 1 : day);
    }

    /**
     * Whether {@code time} surely comes before this birth: its calendar day (UTC) is more than one day before the first
     * possible day of birth (a year- or month-only date: its first day). The day of slack covers a time written on the
     * day of birth in another zone. A document created, or a death dated, then is a typing error (DATE_INVALID, R4).
     */
    public boolean after(java.time.Instant time) {
        return LocalDate.ofInstant(time, java.time.ZoneOffset.UTC).isBefore(earliest().minusDays(1));
    }

    /** The last day the person may have been born. */
    public LocalDate latest() {
        if (month == 0) {
            return LocalDate.of(year, 12, 31);
        }
        return day == 0 ? YearMonth.of(year, month).atEndOfMonth() : LocalDate.of(year, month, day);
    }

    /** ISO 8601 at the precision known ({@code 1979-03-15} for a complete date, as {@link LocalDate} prints it). */
    @Override
    public String toString() {
        return switch (precision()) {
            case YEAR -> String.format("%04d", year);
            case MONTH -> String.format("%04d-%02d", year, month);
            case DAY -> earliest().toString();
        };
    }
}
