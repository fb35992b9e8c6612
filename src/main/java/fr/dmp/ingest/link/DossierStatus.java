package fr.dmp.ingest.link;

/** The dossier's state (rules.md R3, R4): only an open dossier takes new documents. */
public enum DossierStatus {
    OPEN,
    /** closed by the patient; kept 10 years, may be reopened (R3) */
    CLOSED,
    /** closed after the patient's death (R4) */
    DECEASED
}
