package fr.dmp.ingest.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Refused logins per user name (round 9, console attack 5: sixty wrong passwords in 8.5 s, then the right one logged
 * in). After {@value #MAX_FAILURES} refusals within {@link #WINDOW}, the name is locked until the oldest of them is that
 * old, whatever password comes: a guesser gets five tries in fifteen minutes. In memory (one console process); the
 * names kept are bounded, the oldest forgotten first.
 */
final class LoginThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    private static final int MAX_NAMES = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_NAMES;
        }
    };

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    synchronized void failed(String name) {
        Deque<Instant> d = failures.computeIfAbsent(name, n -> new ArrayDeque<>());
        d.addLast(clock.instant());
        while (d.size() > MAX_FAILURES) {
            d.removeFirst();
        }
    }

    synchronized void succeeded(String name) {
        failures.remove(name);
    }

    synchronized boolean locked(String name) {
        Deque<Instant> d = failures.get(name);
        Instant since = clock.instant().minus(WINDOW);
        while (d != null && !d.isEmpty() && d.peekFirst().isBefore(since)) {
            d.removeFirst();
        }
        return d != null && d.size() >= MAX_FAILURES;
    }
}
