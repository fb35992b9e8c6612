package fr.dmp.ingest.format.hl7;

import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 19: Hl7Time reads DTM values by hand instead of with a regular expression; it must read every
 * value as the former pattern did (the reference below), and refuse the same ones.
 */
class Hl7TimeTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Pattern DTM = Pattern.compile(
            "(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(?:\\.(\\d{1,9}))?([+-]\\d{4})?");

    /** The former implementation, kept as the reference (its fraction widened to 9 digits in round 32). */
    private static Instant reference(String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = DTM.matcher(value.strip());
        if (!m.matches()) {
            throw new DateTimeException("not an HL7 date/time");
        }
        int[] f = new int[6];
        int[] defaults = {0, 1, 1, 0, 0, 0};
        for (int g = 1; g <= 6; g++) {
            f[g - 1] = m.group(g) == null ? defaults[g - 1] : Integer.parseInt(m.group(g));
        }
        int nanos = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "000000000").substring(0, 9));
        LocalDateTime local = LocalDateTime.of(f[0], f[1], f[2], f[3], f[4], f[5], nanos);
        if (m.group(8) != null) {
            String off = m.group(8);
            int h = Integer.parseInt(off.substring(1, 3));
            int mi = Integer.parseInt(off.substring(3, 5));
            return local.toInstant(ZoneOffset.ofHoursMinutes(off.charAt(0) == '-' ? -h : h, off.charAt(0) == '-' ? -mi : mi));
        }
        return local.atZone(zone).toInstant();
    }

    private static String outcome(java.util.function.Supplier<Instant> f) {
        try {
            return String.valueOf(f.get());
        } catch (DateTimeException e) {
            return "refused";
        }
    }

    @Test
    void readsTheFormsOfHl7Dtm() {
        assertThat(Hl7Time.instant("20240315", PARIS)).isEqualTo(Instant.parse("2024-03-14T23:00:00Z"));
        assertThat(Hl7Time.instant("202403151230+0200", PARIS)).isEqualTo(Instant.parse("2024-03-15T10:30:00Z"));
        assertThat(Hl7Time.instant(" 20240315123005.25-0130 ", PARIS)).isEqualTo(Instant.parse("2024-03-15T14:00:05.25Z"));
        assertThat(Hl7Time.instant("", PARIS)).isNull();
        assertThatThrownBy(() -> Hl7Time.instant("2024031", PARIS)).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Hl7Time.instant("20240315.", PARIS)).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Hl7Time.instant("20240315+02", PARIS)).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Hl7Time.instant("٢٠٢٤٠٣١٥", PARIS)).as("Arabic-Indic digits").isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Hl7Time.instant("20241315", PARIS)).as("month 13").isInstanceOf(DateTimeException.class);
    }

    /** Round 32, a tester on the Australian CDA library: {@code .123456} was DATE_INVALID (an attacker: and 7 digits). */
    @Test
    void aFractionOfSixDigitsIsKeptToTheMicrosecond() {
        assertThat(Hl7Time.instant("20111101080000.123456+1000", PARIS)).isEqualTo(Instant.parse("2011-10-31T22:00:00.123456Z"));
        assertThat(Hl7Time.instant("20111101080000.1234567+1000", PARIS)).isEqualTo(Instant.parse("2011-10-31T22:00:00.1234567Z"));
        assertThatThrownBy(() -> Hl7Time.instant("20111101080000.1234567891+1000", PARIS)).isInstanceOf(DateTimeException.class);
    }

    @Test
    void agreesWithTheFormerPatternOnManyValues() {
        Random r = new Random(19);
        String alphabet = "0123456789012345678901234567890123456789.+-  x";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            if (r.nextBoolean()) {
                // mostly well-formed: 4 to 14 digits, a fraction, an offset
                sb.append(String.format("%04d", 1900 + r.nextInt(200)));
                int pairs = r.nextInt(6);
                for (int p = 0; p < pairs; p++) {
                    sb.append(String.format("%02d", r.nextInt(r.nextInt(10) == 0 ? 100 : 13)));
                }
                if (r.nextInt(4) == 0) {
                    sb.append('.').append(r.nextInt(10_000_000));
                }
                if (r.nextInt(3) == 0) {
                    sb.append(r.nextBoolean() ? '+' : '-').append(String.format("%04d", r.nextInt(r.nextInt(5) == 0 ? 10_000 : 1500)));
                }
            } else {
                int len = r.nextInt(22);
                for (int k = 0; k < len; k++) {
                    sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
            }
            String v = sb.toString();
            assertThat(outcome(() -> Hl7Time.instant(v, PARIS))).as(v).isEqualTo(outcome(() -> reference(v, PARIS)));
        }
    }
}
