package fr.dmp.ingest.ops;

import fr.dmp.ingest.intake.DropFolder;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The lines of {@code status} that depend on no store: what waits in the drop, said for the run that will take it. */
class FeedStatusTest {

    static final Instant NOW = Instant.parse("2026-12-04T20:00:00Z");
    final FeedStatus status = new FeedStatus(null, Clock.fixed(NOW, ZoneOffset.UTC));

    private String waitingLine(List<Long> started) {
        var s = new FeedStatus.Status("lab-results", Optional.empty(), new DropFolder.Waiting(Map.of(), null, 4), 12,
                started, Map.of(), null, 0);
        return status.lines(s).stream().filter(l -> l.startsWith("  waiting:")).findFirst().orElseThrow();
    }

    @Test
    void readyFilesAreSaidForTheRunInProgressWhenAJobIsStarted() {
        // an operator's week (round 11, left then): "ready for the next run" during a run read as a run that took nothing
        assertThat(waitingLine(List.of())).isEqualTo("  waiting: no file waiting in the drop; 4 file(s) ready for the next run");
        assertThat(waitingLine(List.of(42L))).isEqualTo("  waiting: no file waiting in the drop; 4 file(s) ready for the run"
                + " in progress (or, if it was killed, the next run)");
    }

    @Test
    void aMigrationsManifestIsSummedUpByStateAndSaysWhatIsNotYetAccountedFor() {
        var s = new FeedStatus.Status("legacy-migration", Optional.empty(), new DropFolder.Waiting(Map.of(), null, 0), 0,
                List.of(), Map.of(), null, 0, Map.of("stored", 12L, "quarantined", 2L, "missing", 1L, "checksum-mismatch", 1L));
        assertThat(status.lines(s)).contains("  manifest: 16 line(s) {checksum-mismatch=1, missing=1, quarantined=2, stored=12},"
                + " 2 not yet accounted for (as of the last run's reconciliation)");
        var none = new FeedStatus.Status("lab-results", Optional.empty(), new DropFolder.Waiting(Map.of(), null, 0), 0,
                List.of(), Map.of(), null, 0);
        assertThat(status.lines(none)).noneMatch(l -> l.contains("manifest"));
    }

    @Test
    void anEventsFeedSaysWhatItsEventsWaitFor() { // rules.md R5: a masking waiting for a mistyped document id is seen
        var s = new FeedStatus.Status("patient-events", Optional.empty(), new DropFolder.Waiting(Map.of(), null, 0), 0,
                List.of(), Map.of(), null, 0, Map.of(), new fr.dmp.ingest.store.OperatorQueries.WaitingEvents(2, 1, 0,
                Instant.parse("2026-11-21T07:00:00Z")));
        assertThat(status.lines(s)).contains("  events waiting: 2 for their dossier (no document of the patient filed yet), 1"
                + " masking(s) or deletion(s) for the document they name (not stored yet), 0 not applied yet (the next run applies"
                + " them); the oldest dated 2026-11-21T07:00:00Z");
        var none = new FeedStatus.Status("patient-events", Optional.empty(), new DropFolder.Waiting(Map.of(), null, 0), 0,
                List.of(), Map.of(), null, 0, Map.of(), new fr.dmp.ingest.store.OperatorQueries.WaitingEvents(0, 0, 0, null));
        assertThat(status.lines(none)).contains("  events waiting: none");
        var documents = new FeedStatus.Status("lab-results", Optional.empty(), new DropFolder.Waiting(Map.of(), null, 0), 0,
                List.of(), Map.of(), null, 0);
        assertThat(status.lines(documents)).noneMatch(l -> l.contains("events waiting"));
    }
}
