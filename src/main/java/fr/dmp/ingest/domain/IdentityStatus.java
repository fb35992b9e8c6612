package fr.dmp.ingest.domain;

import java.util.Locale;
import java.util.Optional;

/** Identity status in the hospital's record (identitovigilance, ins.md). Only QUAL files by default. */
public enum IdentityStatus {
    PROV, RECUP, VALI, QUAL;

    public static Optional<IdentityStatus> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
