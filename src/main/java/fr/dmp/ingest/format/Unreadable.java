package fr.dmp.ingest.format;

import fr.dmp.ingest.domain.Rejection;

/** An item the reader could not turn into a document, with why. */
public record Unreadable(int index, Rejection rejection) implements ReadItem {
}
