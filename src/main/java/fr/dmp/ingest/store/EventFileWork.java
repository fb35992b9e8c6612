package fr.dmp.ingest.store;

import fr.dmp.ingest.format.events.EventItem;
import fr.dmp.ingest.intake.ClaimedFile;

import java.util.List;

/** A claimed file of the patient-events feed, read into events (or refusals). */
public record EventFileWork(ClaimedFile file, String sha256, long size, List<EventItem> items) {
    public EventFileWork {
        items = List.copyOf(items);
    }
}
