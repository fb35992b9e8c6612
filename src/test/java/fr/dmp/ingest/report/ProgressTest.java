package fr.dmp.ingest.report;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress line says a total only when the run knows one. */
class ProgressTest {

    private static List<String> lines(long total, int files) {
        Logger logger = (Logger) LoggerFactory.getLogger(Progress.class);
        Level level = logger.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        logger.setLevel(Level.INFO);
        try {
            // the clock moves ten seconds between the start and the count: one line is due
            Instant t0 = Instant.parse("2026-12-04T20:00:00Z");
            Clock[] clock = {Clock.fixed(t0, ZoneOffset.UTC)};
            Clock moving = new Clock() {
                @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
                @Override public Clock withZone(java.time.ZoneId zone) { return this; }
                @Override public Instant instant() { return clock[0].instant(); }
            };
            Progress p = new Progress("lab-results", total, moving, Duration.ofSeconds(5));
            clock[0] = Clock.fixed(t0.plusSeconds(10), ZoneOffset.UTC);
            p.add(files);
        } finally {
            logger.detachAppender(captured);
            logger.setLevel(level);
        }
        return captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aRunThatKnowsItsTotalSaysItAndARemoteWorkerSaysOnlyWhatItDid() {
        assertThat(lines(3000, 1200)).containsExactly("feed lab-results: 1200 / 3000 files, 120 files/s");
        // round 13, a scale-out tester: a worker's "1700 / 1700 files" read as a partition of 1,500 done
        assertThat(lines(0, 1700)).containsExactly("feed lab-results: 1700 files done so far (this process; no total known), 170 files/s");
    }
}
