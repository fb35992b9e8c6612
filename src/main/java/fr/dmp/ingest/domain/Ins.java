package fr.dmp.ingest.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The patient's national health identifier: a 15-character matricule (13-character number plus a
 * 2-digit control key) and the OID saying which kind of number it is (ins.md).
 */
public record Ins(String matricule, InsOid oid) {

    // positions 6-7 may be 2A/2B (Corsica); every other position is a digit (ins.md)
    private static final Pattern SHAPE = Pattern.compile("\\d{5}(\\d{2}|2A|2B)\\d{8}");

    public Ins {
        Objects.requireNonNull(oid, "oid");
        if (!isValid(matricule)) {
            throw new IllegalArgumentException("not a valid INS matricule (" + mask(matricule) + ")");
        }
    }

    /** Why a matricule is not valid, or empty when it is. Trims around the number only (ins.md). */
    public static Optional<String> problem(String matricule) {
        if (matricule == null || matricule.isBlank()) {
            return Optional.of("empty matricule");
        }
        String m = matricule.strip();
        if (m.length() != 15) {
            // a short value is no INS at all, maybe a date in the wrong field: none of it is shown (round 29, a tester: the
            // masked form of a birth date, "******1985", showed the patient's birth year)
            return Optional.of("matricule of " + m.length() + " characters, 15 expected ("
                    + (m.length() < 13 ? "*".repeat(m.length()) : numberMasked(m)) + ")");
        }
        if (!SHAPE.matcher(m).matches()) {
            return Optional.of("matricule with a character out of place (" + numberMasked(m) + ")");
        }
        int expected = controlKey(m.substring(0, 13));
        int actual = Integer.parseInt(m.substring(13));
        if (expected != actual) {
            return Optional.of("control key does not match (" + mask(m) + ")");
        }
        return Optional.empty();
    }

    /**
     * A value that is not a matricule, masked: its last 4 characters shown only when it reads as a number (at most two
     * characters other than digits, the last 4 digits); a name or an address line read in its place showed its last
     * letters, "*************ÈVRE" (round 35, a tester: an HPRIM Net header shifted by a page footer).
     */
    static String numberMasked(String m) {
        long notDigits = m.chars().filter(c -> c < '0' || c > '9').count();
        boolean number = notDigits <= 2 && m.substring(m.length() - 4).chars().allMatch(c -> c >= '0' && c <= '9');
        return number ? mask(m) : "*".repeat(m.length());
    }

    public static boolean isValid(String matricule) {
        return problem(matricule).isEmpty();
    }

    /** Key = 97 - (N mod 97), with 2A read as 19 and 2B as 18 in positions 6-7 (ins.md). */
    public static int controlKey(String number13) {
        String digits = number13;
        String dept = number13.substring(5, 7);
        if (dept.equals("2A")) {
            digits = number13.substring(0, 5) + "19" + number13.substring(7);
        } else if (dept.equals("2B")) {
            digits = number13.substring(0, 5) + "18" + number13.substring(7);
        }
        long n = Long.parseLong(digits);
        return (int) (97 - (n % 97));
    }

    public static Ins of(String matricule, InsOid oid) {
        return new Ins(matricule.strip(), oid);
    }

    /** The form that may appear in logs and reason details: all but the last 4 characters hidden. */
    public String masked() {
        return mask(matricule);
    }

    public static String mask(String value) {
        if (value == null) {
            return "null";
        }
        String v = value.strip();
        if (v.length() <= 4) {
            return "*".repeat(v.length());
        }
        return "*".repeat(v.length() - 4) + v.substring(v.length() - 4);
    }

    @Override
    public String toString() {
        return "Ins[" + masked() + ", " + oid + "]";
    }
}
