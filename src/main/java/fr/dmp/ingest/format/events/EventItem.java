package fr.dmp.ingest.format.events;

import fr.dmp.ingest.domain.Rejection;

/** One line or message of an events file: the event it announces, or why it cannot be used. */
public sealed interface EventItem {

    int index();

    record Valid(int index, DossierEvent event) implements EventItem {
    }

    record Invalid(int index, Rejection rejection) implements EventItem {
    }
}
