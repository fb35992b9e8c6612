package fr.dmp.ingest.link;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.InsOid;
import fr.dmp.ingest.format.events.DossierEvent;

import java.time.Instant;

/** Patient events for the rules' unit tests (ins.md's published test patient). */
final class Events {

    static final Ins INS = new Ins("279035121518989", InsOid.NIR_TEST);
    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    private Events() {
    }

    static DossierEvent event(DossierEvent.Kind kind, Instant at, String detail) {
        return new DossierEvent(INS, kind, at, detail);
    }

    static DossierEvent event(DossierEvent.Kind kind, String detail) {
        return event(kind, T0, detail);
    }
}
