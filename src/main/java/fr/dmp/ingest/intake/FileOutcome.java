package fr.dmp.ingest.intake;

/** What became of an input file as a whole (reasons.md). */
public enum FileOutcome {
    /** at least one item stored, none rejected: archived */
    STORED,
    /** every item was already stored before: archived, nothing new written */
    DUPLICATE,
    /** at least one item rejected: quarantined with a reason file */
    QUARANTINED
}
