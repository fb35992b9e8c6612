package fr.dmp.ingest.job;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a remote worker builds per run and feed, for the most recent ones only: a worker lives through many nightly
 * runs, and kept them all (a map that only grew). A run evicted and asked for again is built again, as the first time.
 */
final class RecentRuns<V> {

    private final Map<String, V> byRun;

    RecentRuns(int kept) {
        this.byRun = new LinkedHashMap<>(16, 0.75f, true) { // access order: the least recently used goes first
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > kept;
            }
        };
    }

    synchronized V get(String run, Function<String, V> build) {
        return byRun.computeIfAbsent(run, build);
    }

    synchronized int size() {
        return byRun.size();
    }
}
