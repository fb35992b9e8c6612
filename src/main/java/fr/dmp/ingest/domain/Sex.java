package fr.dmp.ingest.domain;

import java.util.Locale;

/** Administrative sex as carried by HL7 v2 PID-8 / CDA administrativeGenderCode. */
public enum Sex {
    M, F, U;

    public static Sex parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip().toUpperCase(Locale.ROOT)) {
            case "M" -> M;
            case "F" -> F;
            default -> U;
        };
    }
}
