package fr.dmp.ingest.store;

import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.validate.ValidatedDocument;

/** One item of a file after the pure stages: ready to be linked and stored, or already refused. */
public sealed interface ItemWork {

    /** Position in the file, from 1; 0 for a refusal of the file as a whole. */
    int index();

    record Ready(int index, ValidatedDocument document) implements ItemWork {
    }

    record Refused(int index, Rejection rejection) implements ItemWork {
    }
}
