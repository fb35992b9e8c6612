package fr.dmp.ingest.format;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The input formats a feed may accept, by the name used in {@code jobs/*.yml}. */
public enum SourceFormat {
    HL7V2("hl7v2"),
    CDA("cda"),
    PDF("pdf"),
    HPRIM("hprim"),
    /** the CSV of dossier events (patient-events feed) */
    CSV("csv");

    private final String key;

    SourceFormat(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<SourceFormat> fromKey(String key) {
        String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.key.equals(k)).findFirst();
    }
}
