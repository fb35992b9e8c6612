package fr.dmp.ingest.store;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Rows sent to PostgreSQL's {@code COPY ... FROM STDIN} (text format: tab-separated, {@code \N} for null,
 * backslash escapes) on the caller's connection, so inside its transaction: the rows commit or roll back
 * with the chunk, and a failure aborts the transaction as an INSERT's would. Issue 19: a COPY costs the
 * server about half the CPU of the {@code unnest} INSERT of the same rows. Nothing else may run on the
 * connection between {@link #open} and {@link #finish}.
 */
public final class CopyStream implements AutoCloseable {

    /** Characters buffered before they go to the server: a chunk's rows never sit whole in the heap twice. */
    private static final int FLUSH_AT = 1 << 16;

    private final CopyIn in;
    private final StringBuilder sb = new StringBuilder(FLUSH_AT + 1024);
    private boolean first = true;

    private CopyStream(CopyIn in) {
        this.in = in;
    }

    /** Starts {@code sql} ({@code COPY table (columns) FROM STDIN}) on the connection. */
    public static CopyStream open(Connection c, String sql) throws SQLException {
        return new CopyStream(c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql));
    }

    public CopyStream number(long v) {
        separate();
        sb.append(v);
        return this;
    }

    public CopyStream text(String v) {
        separate();
        if (v == null) {
            sb.append("\\N");
            return this;
        }
        // runs without a character to escape appended whole: char by char was a tenth of the writing threads' time
        int n = v.length();
        int from = 0;
        for (int i = 0; i < n; i++) {
            char ch = v.charAt(i);
            if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
                sb.append(v, from, i).append(switch (ch) {
                    case '\\' -> "\\\\";
                    case '\t' -> "\\t";
                    case '\n' -> "\\n";
                    default -> "\\r";
                });
                from = i + 1;
            }
        }
        sb.append(v, from, n);
        return this;
    }

    /** Ends the row; sends what is buffered once it is large enough. */
    public void endRow() throws SQLException {
        sb.append('\n');
        first = true;
        if (sb.length() >= FLUSH_AT) {
            flush();
        }
    }

    /** Sends the last rows and ends the COPY; returns the rows the server stored. */
    public long finish() throws SQLException {
        flush();
        return in.endCopy();
    }

    private void flush() throws SQLException {
        if (sb.isEmpty()) {
            return;
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        sb.setLength(0);
        in.writeToCopy(bytes, 0, bytes.length);
    }

    private void separate() {
        if (!first) {
            sb.append('\t');
        }
        first = false;
    }

    /** A COPY not finished (an exception on the way) is cancelled: the connection is usable to roll back. */
    @Override
    public void close() throws SQLException {
        if (in.isActive()) {
            in.cancelCopy();
        }
    }
}
