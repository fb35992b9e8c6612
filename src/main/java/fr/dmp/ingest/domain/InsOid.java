package fr.dmp.ingest.domain;

import java.util.Arrays;
import java.util.Optional;

/** The assigning authorities that make an identifier an INS (ins.md, "OIDs"). */
public enum InsOid {
    NIR("1.2.250.1.213.1.4.8", false),
    NIA("1.2.250.1.213.1.4.9", false),
    NIR_TEST("1.2.250.1.213.1.4.10", true),
    NIR_DEMO("1.2.250.1.213.1.4.11", true);

    private final String oid;
    private final boolean testOnly;

    InsOid(String oid, boolean testOnly) {
        this.oid = oid;
        this.testOnly = testOnly;
    }

    public String oid() {
        return oid;
    }

    /** Test and demonstration OIDs are accepted only on a feed in test mode. */
    public boolean testOnly() {
        return testOnly;
    }

    public static Optional<InsOid> fromOid(String oid) {
        if (oid == null) {
            return Optional.empty();
        }
        String trimmed = oid.trim();
        return Arrays.stream(values()).filter(o -> o.oid.equals(trimmed)).findFirst();
    }
}
