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
}
