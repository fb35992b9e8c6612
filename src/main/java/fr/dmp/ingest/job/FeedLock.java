package fr.dmp.ingest.job;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The held lock of a feed, so that two runs never share a drop folder: a session-level advisory lock,
 * released by PostgreSQL even when this JVM is killed, and explicitly at the end of the run (unlocked,
 * then its connection given back: the pooled connection's session outlives the run).
 */
record FeedLock(Connection connection, String feed) implements AutoCloseable {

    /** Waits up to {@code wait} for the feed's lock (a killed run's session may take a moment to end). */
    static FeedLock take(DataSource dataSource, String feed, Duration wait) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            while (!tryLock(c, feed)) {
                if (System.nanoTime() > deadline) {
                    throw new IngestFailure.Busy("feed " + feed + ": another run of this feed is in progress");
                }
                Thread.sleep(250);
            }
            return new FeedLock(c, feed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new IngestFailure("feed " + feed + ": interrupted while waiting for its lock");
        } catch (RuntimeException | SQLException e) {
            c.close();
            throw e;
        }
    }

    private static boolean tryLock(Connection c, String feed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext('dmp-ingest:' || ?))")) {
            ps.setString(1, feed);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = connection;
             PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(hashtext('dmp-ingest:' || ?))")) {
            ps.setString(1, feed);
            ps.execute();
        }
    }
}
