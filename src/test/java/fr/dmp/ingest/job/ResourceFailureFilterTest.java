package fr.dmp.ingest.job;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 14, a failing-disk tester: a full disk printed 2,236 lines of Spring Batch's traces before the one line that
 * says it (now about 40 on the same attack, measured). A trace of any other failure stays: it is a bug to read.
 */
class ResourceFailureFilterTest {

    private final ResourceFailureFilter filter = new ResourceFailureFilter();
    private final LoggerContext context = new LoggerContext();

    private FilterReply decide(String logger, String message, Throwable t) {
        return filter.decide(new LoggingEvent(getClass().getName(), context.getLogger(logger), Level.ERROR, message, t, null));
    }

    @Test
    void aFullDiskOrALostDatabaseIsLeftToTheRunsLastLineAndABugKeepsItsTrace() {
        Exception full = new RuntimeException("PreparedStatementCallback", new java.sql.SQLException(
                "ERROR: could not extend file \"base/5/16579_fsm\": No space left on device", "53100"));
        Exception lost = new RuntimeException("JDBC commit", new java.sql.SQLException("An I/O error occurred while sending to the backend."));
        Exception bug = new NullPointerException("Cannot invoke \"String.length()\"");

        assertThat(decide("org.springframework.batch.core.step.AbstractStep", "Encountered an error", full)).isEqualTo(FilterReply.DENY);
        assertThat(decide("com.zaxxer.hikari.pool.ProxyConnection", "marked as broken", lost)).isEqualTo(FilterReply.DENY);
        assertThat(decide("org.springframework.batch.core.step.AbstractStep", "Encountered an error", bug)).isEqualTo(FilterReply.NEUTRAL);
        // our own lines always pass: they are one per cause already
        assertThat(decide("fr.dmp.ingest.job.Settlement", "claimed file could not be moved", full)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("org.springframework.batch.core.step.item.ChunkOrientedStep",
                "Retry exhausted after last attempt in recovery path, but exception is not skippable", null)).isEqualTo(FilterReply.DENY);
    }
}
