package fr.dmp.ingest.domain;

/** ins.md: a production feed refuses the test and demonstration OIDs; a test feed takes them too. */
public enum InsMode {
    PRODUCTION("production"),
    TEST("test");

    private final String key;

    InsMode(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
