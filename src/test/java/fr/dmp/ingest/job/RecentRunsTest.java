package fr.dmp.ingest.job;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RecentRunsTest {

    @Test
    void aWorkerThatServedManyRunsKeepsTheRecentOnesAndBuildsAnEvictedOneAgain() {
        RecentRuns<Object> runs = new RecentRuns<>(4);
        AtomicInteger built = new AtomicInteger();
        Object first = runs.get("1/lab-results", k -> new Object[] {built.incrementAndGet()});
        assertThat(runs.get("1/lab-results", k -> new Object[] {built.incrementAndGet()})).isSameAs(first);
        for (int run = 2; run <= 400; run++) { // a year of nightly runs
            runs.get(run + "/lab-results", k -> new Object[] {built.incrementAndGet()});
            runs.get(run - 1 + "/lab-results", k -> new Object[] {built.incrementAndGet()}); // partitions of the last run too
        }
        assertThat(runs.size()).isEqualTo(4);
        assertThat(built).hasValue(400);
        assertThat(runs.get("1/lab-results", k -> new Object[] {built.incrementAndGet()})).isNotSameAs(first);
        assertThat(built).hasValue(401);
    }
}
