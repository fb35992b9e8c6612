package fr.dmp.ingest.tools.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads the rows of {@link CopyRows} into an empty store with PostgreSQL {@code COPY ... FROM STDIN}
 * through the driver's {@link CopyManager}: the five tables in one transaction, constraints and
 * indexes in place (the write limit the job could reach). Only the COPYs and the commit are timed.
 */
public final class CopyLoad {

    /** Seconds of the load, and rows per table as the server counted them. */
    public record Result(double seconds, Map<String, Long> rows) {
    }

    private CopyLoad() {
    }

    public static Result load(Connection c, CopyRows rows) throws SQLException, IOException {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        c.setAutoCommit(false);
        Map<String, Long> counts = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (Map.Entry<String, String> t : CopyRows.TABLES.entrySet()) {
            try (InputStream in = Files.newInputStream(rows.csv(t.getKey()))) {
                long n = copy.copyIn("COPY dmp." + t.getKey() + " (" + t.getValue() + ") FROM STDIN WITH (FORMAT csv)", in,
                        1 << 16);
                counts.put(t.getKey(), n);
            }
        }
        c.commit();
        double seconds = (System.nanoTime() - start) / 1e9;
        c.setAutoCommit(true);
        return new Result(seconds, counts);
    }

    /**
     * Checks after the load that the identities drawn by COPY are the ones the rows were numbered
     * with: the documents by id are the document ids in the order they were written.
     */
    public static void verify(Connection c, CopyRows rows) throws SQLException, IOException {
        c.setAutoCommit(false); // a cursor: the ids are streamed, not held
        try (PreparedStatement ps = c.prepareStatement("SELECT id, document_uid FROM dmp.document ORDER BY id");
             BufferedReader expected = Files.newBufferedReader(rows.uidsFile(), StandardCharsets.UTF_8)) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                long n = 0;
                while (rs.next()) {
                    n++;
                    String uid = expected.readLine();
                    if (rs.getLong(1) != n || !rs.getString(2).equals(uid)) {
                        throw new IllegalStateException("document " + n + " did not get the identity it was numbered with");
                    }
                }
                if (expected.readLine() != null) {
                    throw new IllegalStateException("fewer documents loaded than written");
                }
            }
        } finally {
            c.commit();
            c.setAutoCommit(true);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(min(id), 1), coalesce(max(id), 0) FROM dmp.dossier");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rows.rows("dossier");
            if (rs.getLong(1) != n || rs.getLong(2) != 1 || rs.getLong(3) != n) {
                throw new IllegalStateException("dossier identities are not 1.." + n + " in the order written");
            }
        }
    }
}
