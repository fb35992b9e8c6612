package fr.dmp.ingest.faults;

import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test seams for the promises that need a crash or a failure at a precise point (crash safety, retries).
 * Inert unless a system property is set:
 * <ul>
 *   <li>{@code dmp.faults.crash-at=POINT:N}: the JVM halts, as under {@code kill -9} (no shutdown hook, no
 *       finally), the N-th time it reaches POINT ({@code claim}, {@code parse}, {@code write}, {@code commit},
 *       {@code move}, {@code seal}: a kept file sealed and durable, its clear claimed copy not yet removed);</li>
 *   <li>{@code dmp.faults.fail-writes=N}: the first N chunk writes fail with a connection error (SQLState 08006),
 *       as when the database restarts;</li>
 *   <li>{@code dmp.faults.fail-read=TEXT}: reading a claimed file whose name contains TEXT throws an unexpected
 *       exception, as a reader's bug would; {@code linkage:TEXT} throws a {@link NoClassDefFoundError} instead, as a
 *       class missing at run time does (round 15).</li>
 * </ul>
 */
public final class Faults {

    private static final String CRASH_AT = System.getProperty("dmp.faults.crash-at");
    private static final ConcurrentHashMap<String, AtomicInteger> REACHED = new ConcurrentHashMap<>();
    private static final AtomicInteger FAILED_WRITES = new AtomicInteger();

    private Faults() {
    }

    /** Halts the JVM here when told to. */
    public static void point(String name) {
        if (CRASH_AT == null) {
            return;
        }
        String[] at = CRASH_AT.split(":");
        if (at[0].equals(name) && REACHED.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet() == Integer.parseInt(at[1])) {
            System.err.println("dmp-ingest: fault injection: halting at " + name);
            Runtime.getRuntime().halt(137);
        }
    }

    /** Fails a chunk write with a transient connection error when told to. */
    public static void write() throws SQLTransientConnectionException {
        String n = System.getProperty("dmp.faults.fail-writes");
        if (n != null && FAILED_WRITES.incrementAndGet() <= Integer.parseInt(n)) {
            throw new SQLTransientConnectionException("injected connection failure", "08006");
        }
    }

    /** Throws an unexpected exception while reading this file when told to. */
    public static void read(String originalName) {
        String part = System.getProperty("dmp.faults.fail-read");
        boolean linkage = part != null && part.startsWith("linkage:");
        if (linkage) {
            part = part.substring("linkage:".length());
        }
        if (part != null && !part.isEmpty() && originalName.contains(part)) {
            if (linkage) {
                throw new NoClassDefFoundError("org/example/InjectedMissingClass");
            }
            throw new IllegalStateException("injected reader failure");
        }
    }

    /**
     * Holds the reader for MILLIS after it read a file whose name contains TEXT ({@code
     * -Ddmp.faults.hold-read=TEXT:MILLIS}): a sender can then write on into the claimed file before the commit.
     */
    public static void holdAfterRead(String originalName) {
        String hold = System.getProperty("dmp.faults.hold-read");
        if (hold == null || hold.isEmpty()) {
            return;
        }
        int colon = hold.lastIndexOf(':');
        if (originalName.contains(hold.substring(0, colon))) {
            try {
                Thread.sleep(Long.parseLong(hold.substring(colon + 1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many writes were failed on purpose (for the tests). */
    public static int failedWrites() {
        return FAILED_WRITES.get();
    }

    public static void reset() {
        FAILED_WRITES.set(0);
    }
}
