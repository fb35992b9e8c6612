package fr.dmp.ingest.tools.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads the rows of {@link CopyRows} into an empty store with PostgreSQL {@code COPY ... FROM STDIN}, the
 * way the job writes them (issue 19): the dossiers and their CREATED audit rows first, then feed after
 * feed, each partition on its own connection and thread, one transaction per chunk of 200 files holding
 * its contents, documents, texts, results, audit rows (through the audit chain's trigger and lock),
 * quarantine entries and dispositions; at the end of each feed the dispositions' update that its report
 * makes. Constraints, indexes and triggers stay in place. Only this is timed.
 */
public final class CopyLoad {

    /** Wall seconds of the load, CPU seconds of this JVM and of PostgreSQL meanwhile (-1: unknown), rows per table. */
    public record Result(double seconds, double jvmCpu, double postgresCpu, Map<String, Long> rows) {
    }

    /** The report's claim of the feed's dispositions, as {@code DispositionRepository.claimForReport} runs it. */
    static final String CLAIM_FOR_REPORT = "WITH c AS (UPDATE dmp.disposition SET reported_in = ? WHERE feed = ? AND reported_in IS NULL"
            + " RETURNING outcome, primary_reason, items)"
            + " SELECT 'o' AS k, outcome AS v, count(*) AS n FROM c GROUP BY outcome"
            + " UNION ALL SELECT 'r', primary_reason, count(*) FROM c WHERE outcome = 'QUARANTINED' GROUP BY primary_reason"
            + " UNION ALL SELECT 't', i->>'typeCode', count(*) FROM c, jsonb_array_elements(c.items) i"
            + " WHERE i->>'kind' = 'STORED' GROUP BY i->>'typeCode'";

    private CopyLoad() {
    }

    /**
     * @param feeds     the feeds in run order, with their job execution ids
     * @param postgres  the embedded server's data folder, for its CPU time; null for a server
     */
    public static Result load(BenchDatabase db, CopyRows rows, Map<String, Long> feeds, Path postgres)
            throws SQLException, IOException, InterruptedException {
        int threads = feeds.keySet().stream().mapToInt(f -> rows.partitions(f).size()).max().orElse(0);
        List<Connection> connections = new ArrayList<>(); // opened before the clock, as the job's pool is
        try {
            for (int i = 0; i < Math.max(1, threads); i++) {
                Connection c = db.connect();
                c.setAutoCommit(false);
                connections.add(c);
            }
            Connection first = connections.get(0);
            double jvm0 = ProcessCpu.self();
            double pg0 = ProcessCpu.postgres(postgres);
            long start = System.nanoTime();
            CopyManager copy = first.unwrap(PGConnection.class).getCopyAPI();
            copyAll(copy, "dossier", CopyRows.DOSSIER_COLUMNS, rows.dossierCsv());
            copyAll(copy, "audit_event", CopyRows.AUDIT_COLUMNS, rows.dossierAuditCsv());
            first.commit();
            for (Map.Entry<String, Long> feed : feeds.entrySet()) {
                List<CopyRows.Partition> parts = rows.partitions(feed.getKey());
                AtomicReference<Exception> failure = new AtomicReference<>();
                List<Thread> workers = new ArrayList<>();
                for (int i = 0; i < parts.size(); i++) {
                    CopyRows.Partition part = parts.get(i);
                    Connection c = connections.get(i);
                    Thread t = new Thread(() -> {
                        try {
                            loadPartition(c, part);
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                        }
                    }, "copy-" + part.feed() + "-" + i);
                    workers.add(t);
                    t.start();
                }
                for (Thread t : workers) {
                    t.join();
                }
                if (failure.get() != null) {
                    throw new IllegalStateException("loading feed " + feed.getKey() + " failed", failure.get());
                }
                try (PreparedStatement ps = first.prepareStatement(CLAIM_FOR_REPORT)) {
                    ps.setLong(1, feed.getValue());
                    ps.setString(2, feed.getKey());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getLong(3);
                        }
                    }
                }
                first.commit();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double jvm = ProcessCpu.self() - jvm0;
            double pg1 = ProcessCpu.postgres(postgres);
            return new Result(seconds, jvm, pg0 < 0 || pg1 < 0 ? -1 : pg1 - pg0, counts(first));
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    private static void loadPartition(Connection c, CopyRows.Partition part) throws SQLException, IOException {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        List<String> tables = List.copyOf(CopyRows.CHUNK_TABLES.keySet());
        FileChannel[] channels = new FileChannel[tables.size()];
        try {
            for (int i = 0; i < tables.size(); i++) {
                channels[i] = FileChannel.open(part.csv(tables.get(i)), StandardOpenOption.READ);
            }
            for (CopyRows.Chunk chunk : part.chunks()) {
                for (int i = 0; i < tables.size(); i++) {
                    long length = chunk.to()[i] - chunk.from()[i];
                    if (length > 0) {
                        channels[i].position(chunk.from()[i]);
                        InputStream slice = new Slice(Channels.newInputStream(channels[i]), length);
                        copy.copyIn("COPY dmp." + tables.get(i) + " (" + CopyRows.CHUNK_TABLES.get(tables.get(i))
                                + ") FROM STDIN WITH (FORMAT csv)", slice, 1 << 16);
                    }
                }
                c.commit();
            }
        } finally {
            for (FileChannel ch : channels) {
                if (ch != null) {
                    ch.close();
                }
            }
        }
    }

    private static void copyAll(CopyManager copy, String table, String columns, Path csv) throws SQLException, IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(csv)) {
            copy.copyIn("COPY dmp." + table + " (" + columns + ") FROM STDIN WITH (FORMAT csv)", in, 1 << 16);
        }
    }

    /** Rows per table as the server counts them after the load. */
    static Map<String, Long> counts(Connection c) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        List<String> tables = new ArrayList<>(List.of("dossier"));
        tables.addAll(CopyRows.CHUNK_TABLES.keySet());
        for (String t : tables) {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM dmp." + t); ResultSet rs = ps.executeQuery()) {
                rs.next();
                out.put(t, rs.getLong(1));
            }
        }
        c.commit();
        return out;
    }

    /** Checks that the server holds every row written, and that every disposition was claimed by its feed's report. */
    public static void verify(Connection c, CopyRows rows, Map<String, Long> loaded) throws SQLException {
        if (!loaded.equals(rows.rows())) {
            throw new IllegalStateException("rows loaded " + loaded + " differ from rows written " + rows.rows());
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM dmp.disposition WHERE reported_in IS NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) != 0) {
                throw new IllegalStateException(rs.getLong(1) + " dispositions were not claimed by a report");
            }
        }
    }

    /** The first {@code length} bytes of a stream, never closing it. */
    private static final class Slice extends InputStream {
        private final InputStream in;
        private long left;

        Slice(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
