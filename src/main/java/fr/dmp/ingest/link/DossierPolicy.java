package fr.dmp.ingest.link;

/** rules.md R2: open the dossier on the first document, or only feed dossiers that exist. */
public enum DossierPolicy {
    CREATE("create"),
    EXISTING_ONLY("existing-only");

    private final String key;

    DossierPolicy(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
