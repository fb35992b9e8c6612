package fr.dmp.ingest.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Arrays for {@code unnest(...)} inserts: one round trip per chunk instead of one per row. */
final class Sql {

    private Sql() {
    }

    static Array text(Connection c, List<String> values) throws SQLException {
        String[] a = new String[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = withoutNul(values.get(i));
        }
        return c.createArrayOf("text", a);
    }

    static <T> Array text(Connection c, List<T> rows, Function<T, String> f) throws SQLException {
        String[] a = new String[rows.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = withoutNul(f.apply(rows.get(i)));
        }
        return c.createArrayOf("text", a);
    }

    /**
     * PostgreSQL text cannot hold U+0000: one from a sender's metadata (a scanner's PDF title, a sidecar's escaped
     * {@code \u0000}) failed the whole chunk's write. The readers clean what they read; this is the last guard.
     */
    static String withoutNul(String s) {
        return s == null || s.indexOf('\0') < 0 ? s : s.replace("\0", "");
    }

    static <T> Array int8(Connection c, List<T> rows, Function<T, Long> f) throws SQLException {
        Long[] a = new Long[rows.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = f.apply(rows.get(i));
        }
        return c.createArrayOf("int8", a);
    }

    static <T> Array int4(Connection c, List<T> rows, Function<T, Integer> f) throws SQLException {
        Integer[] a = new Integer[rows.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = f.apply(rows.get(i));
        }
        return c.createArrayOf("int4", a);
    }

    static <T> Array bytea(Connection c, List<T> rows, Function<T, byte[]> f) throws SQLException {
        byte[][] a = new byte[rows.size()][];
        for (int i = 0; i < a.length; i++) {
            a[i] = f.apply(rows.get(i));
        }
        return c.createArrayOf("bytea", a);
    }

    /**
     * A PostgreSQL array literal of these strings ({@code {"Marie Claire","Anne"}}), for a text[] value that
     * travels inside an {@code unnest(?::text[])} column (arrays of arrays do not unnest row by row): each
     * element double-quoted, its backslashes and double quotes escaped. Null elements are not allowed.
     */
    static String arrayLiteral(List<String> values) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"');
            String v = java.util.Objects.requireNonNull(values.get(i), "null array element");
            for (int k = 0; k < v.length(); k++) {
                char ch = v.charAt(k);
                if (ch == '"' || ch == '\\') {
                    sb.append('\\');
                }
                sb.append(ch);
            }
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
