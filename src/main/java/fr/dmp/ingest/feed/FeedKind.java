package fr.dmp.ingest.feed;

/** What a feed brings: documents to file in dossiers, or events that change dossiers (ADT, CSV). */
public enum FeedKind {
    DOCUMENTS("documents"),
    EVENTS("events");

    private final String key;

    FeedKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
