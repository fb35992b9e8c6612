package fr.dmp.ingest.link;

/** The dossier's state (rules.md R3, R4, R15): only an open dossier takes new documents. */
public enum DossierStatus {
    OPEN,
    /** closed by the patient; kept 10 years, may be reopened (R3) */
    CLOSED,
    /** closed after the patient's death (R4) */
    DECEASED,
    /**
     * deleted for good at the patient's request (R15): its contents are gone, it refuses every document and
     * is never reopened. A state of its own rather than CLOSED, which a reopening undoes (R3)
     */
    DELETED
}
