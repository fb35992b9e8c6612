package fr.dmp.ingest.tools.bench;

import fr.dmp.ingest.domain.Sha256;
import fr.dmp.ingest.format.Observation;
import fr.dmp.ingest.store.ContentCipher;
import fr.dmp.ingest.store.CopyStream;
import fr.dmp.ingest.store.ObservationRows;
import fr.dmp.ingest.tools.generate.SyntheticResults;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Issue 19 item 3: the write path of lab results, designs side by side on the same rows. Every design writes,
 * per chunk of documents and in one transaction as the job's role, the chunk's sealed contents and its
 * {@code dmp.document} rows as the job does (unnest INSERT ... RETURNING id), then the results its own way;
 * design 0 writes no results, so that what the results cost is the difference.
 */
final class WritePath {

    /** The results' designs. */
    enum Design {
        NONE("0", "documents and contents only, no results (what the others add to)"),
        INSERT("A", "dmp.observation, one row per OBX, by unnest INSERT ... ON CONFLICT DO NOTHING (the job's write before issue 19)"),
        COPY("B", "dmp.observation, one row per OBX, by COPY FROM STDIN in the chunk's transaction (the job's write: store/ObservationRows)"),
        SEALED_CODES("C", "one sealed results row per document, and a narrow (code, document_id) table by COPY"),
        SEALED_GIN("C2", "one sealed results row per document with its LOINC codes as an unsealed text[] under a GIN index");

        final String label;
        final String what;

        Design(String label, String what) {
            this.label = label;
            this.what = what;
        }

        static Design of(String label) {
            for (Design d : values()) {
                if (d.label.equalsIgnoreCase(label)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("no design " + label + " (0, A, B, C, C2)");
        }
    }

    /** Tables of designs C and C2, bench-only (the owner creates them), with the job's INSERT on them. */
    static final String SEALED_TABLES = """
            CREATE TABLE IF NOT EXISTS dmp.bench_result_set (
                document_id bigint PRIMARY KEY REFERENCES dmp.document (id),
                key_id      text  NOT NULL,
                data        bytea NOT NULL);
            CREATE TABLE IF NOT EXISTS dmp.bench_result_code (
                code        text   NOT NULL,
                document_id bigint NOT NULL REFERENCES dmp.document (id),
                PRIMARY KEY (code, document_id));
            CREATE TABLE IF NOT EXISTS dmp.bench_result_set_gin (
                document_id bigint PRIMARY KEY REFERENCES dmp.document (id),
                key_id      text   NOT NULL,
                data        bytea  NOT NULL,
                codes       text[] NOT NULL);
            CREATE INDEX IF NOT EXISTS bench_result_set_gin_codes ON dmp.bench_result_set_gin USING gin (codes);
            GRANT INSERT ON dmp.bench_result_set, dmp.bench_result_code, dmp.bench_result_set_gin TO dmp_ingest;
            """;

    /** The tables whose size a run reports: the results' own, and the documents' for scale. */
    static final List<String> SIZED = List.of("observation", "bench_result_set", "bench_result_code", "bench_result_set_gin",
            "document", "content");

    /** One generated document: its content (the report's text lines), its results. */
    record Doc(int n, String uid, long dossier, byte[] content, String sha256, List<Observation> results) {
    }

    /** One measured run. */
    record Run(Design design, int round, double load1, double seconds, double jvmCpu, double postgresCpu, int documents,
               long obx, long rowsWritten, Map<String, Long> bytes) {

        /** Bytes of the design's results tables (with indexes and TOAST). */
        long resultBytes() {
            List<String> tables = switch (design) {
                case NONE -> List.of();
                case INSERT, COPY -> List.of("observation");
                case SEALED_CODES -> List.of("bench_result_set", "bench_result_code");
                case SEALED_GIN -> List.of("bench_result_set_gin");
            };
            return tables.stream().mapToLong(bytes::get).sum();
        }
    }

    private WritePath() {
    }

    /** {@code n} lab reports of 10 to 20 results each over {@code n / 10} dossiers (ids 1..), seeded. */
    static List<Doc> documents(int n, long seed) {
        Random r = new Random(seed);
        Instant t0 = Instant.parse("2026-03-01T08:00:00Z");
        List<Doc> out = new ArrayList<>(n);
        int dossiers = dossiers(n);
        for (int i = 0; i < n; i++) {
            Instant at = t0.plusSeconds(i * 61L);
            List<Observation> results = SyntheticResults.of(r, 10 + r.nextInt(11), at);
            StringBuilder text = new StringBuilder("Compte rendu de biologie\n");
            for (Observation o : results) {
                text.append(o.textLine()).append('\n');
            }
            byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
            String sha = HexFormat.of().formatHex(Sha256.digest().digest(content));
            out.add(new Doc(i, "bench-wp-" + i, 1 + (i % dossiers), content, sha, results));
        }
        return out;
    }

    static int dossiers(int documents) {
        return Math.max(1, documents / 10);
    }

    /** Empties the store and opens the dossiers the documents belong to (untimed), as the schema owner. */
    static void prepare(BenchDatabase db, int documents) throws SQLException {
        db.truncateStore();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute(SEALED_TABLES);
            // a valid INS per dossier: 13 digits and their key 97 - (N mod 97) (ins.md)
            st.execute("INSERT INTO dmp.dossier (ins, ins_oid, created_by_feed)"
                    + " SELECT b || lpad((97 - b::bigint % 97)::text, 2, '0'), '1.2.250.1.213.1.4.10', 'bench'"
                    + " FROM (SELECT (1000000000000 + g)::text AS b FROM generate_series(1, " + dossiers(documents) + ") g) s"
                    + " ORDER BY b");
            st.execute("CHECKPOINT"); // each run starts without the previous one's dirty pages
        }
    }

    /**
     * Loads the documents on {@code connections} connections as the job's role, one thread each, the documents
     * dealt to them in turn, one transaction per chunk; returns the run's figures (sizes after the load).
     */
    static Run load(BenchDatabase db, Path postgres, Design design, int round, List<Doc> docs, int connections, int chunk,
                    ContentCipher cipher) throws Exception {
        double load1 = load1();
        List<Connection> cs = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Connection c = db.connectAsJob();
                c.setAutoCommit(false);
                cs.add(c);
            }
            List<List<Doc>> parts = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                parts.add(new ArrayList<>());
            }
            for (Doc d : docs) {
                parts.get(d.n() % connections).add(d);
            }
            long[] written = new long[connections];
            AtomicReference<Exception> failure = new AtomicReference<>();
            double jvm0 = ProcessCpu.self();
            double pg0 = ProcessCpu.postgres(postgres);
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                int k = i;
                Thread t = new Thread(() -> {
                    try {
                        List<Doc> mine = parts.get(k);
                        for (int from = 0; from < mine.size(); from += chunk) {
                            written[k] += chunk(cs.get(k), design, mine.subList(from, Math.min(mine.size(), from + chunk)), cipher);
                            cs.get(k).commit();
                        }
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }, "write-path-" + i);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double jvm = ProcessCpu.self() - jvm0;
            double pg1 = ProcessCpu.postgres(postgres);
            if (failure.get() != null) {
                throw new IllegalStateException("design " + design.label + " failed", failure.get());
            }
            long obx = docs.stream().mapToLong(d -> d.results().size()).sum();
            long rows = 0;
            for (long w : written) {
                rows += w;
            }
            return new Run(design, round, load1, seconds, jvm, pg0 < 0 || pg1 < 0 ? -1 : pg1 - pg0, docs.size(), obx, rows,
                    sizes(db));
        } finally {
            for (Connection c : cs) {
                c.close();
            }
        }
    }

    /** One chunk: contents, documents, then the results as the design writes them; returns the result rows written. */
    private static long chunk(Connection c, Design design, List<Doc> docs, ContentCipher cipher) throws SQLException {
        List<ContentCipher.Sealed> sealed = new ArrayList<>(docs.size());
        for (Doc d : docs) {
            sealed.add(cipher.seal(d.content(), "content:" + d.sha256()));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.content (sha256, media_type, size_bytes, key_id, data)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[], ?::bytea[]) ON CONFLICT (sha256) DO NOTHING")) {
            ps.setArray(1, text(c, docs, Doc::sha256));
            ps.setArray(2, text(c, docs, d -> "x-application/hl7-v2+er7"));
            ps.setArray(3, c.createArrayOf("int8", docs.stream().map(d -> (long) d.content().length).toArray(Long[]::new)));
            ps.setArray(4, text(c, sealed, ContentCipher.Sealed::keyId));
            ps.setArray(5, c.createArrayOf("bytea", sealed.stream().map(ContentCipher.Sealed::data).toArray(byte[][]::new)));
            ps.executeUpdate();
        }
        Map<String, Long> ids = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.document (document_uid, dossier_id, set_id, type_code,"
                + " type_code_system, class_code, source_format, mime_type, title, author_institution, creation_time,"
                + " source_feed, source_file, source_item, content_sha256, size_bytes, classification, job_execution_id)"
                + " SELECT u.uid, u.dossier, u.uid, '11502-2', '2.16.840.1.113883.6.1', '11', 'hl7v2', 'x-application/hl7-v2+er7',"
                + " 'Compte rendu de biologie', '330000001', now(), 'lab', u.uid || '.hl7', 1, u.sha, u.size,"
                + " '{\"type\":\"11502-2\",\"method\":\"RULE\"}'::jsonb, 1"
                + " FROM unnest(?::text[], ?::int8[], ?::text[], ?::int8[]) AS u(uid, dossier, sha, size)"
                + " ON CONFLICT ON CONSTRAINT document_uid_unique DO NOTHING RETURNING id, document_uid")) {
            ps.setArray(1, text(c, docs, Doc::uid));
            ps.setArray(2, c.createArrayOf("int8", docs.stream().map(Doc::dossier).toArray(Long[]::new)));
            ps.setArray(3, text(c, docs, Doc::sha256));
            ps.setArray(4, c.createArrayOf("int8", docs.stream().map(d -> (long) d.content().length).toArray(Long[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(2), rs.getLong(1));
                }
            }
        }
        if (ids.size() != docs.size()) {
            throw new IllegalStateException("a bench document was already stored: the store was not emptied");
        }
        return switch (design) {
            case NONE -> 0;
            case INSERT -> insertObservations(c, docs, ids);
            case COPY -> copyObservations(c, docs, ids);
            case SEALED_CODES -> sealedResults(c, docs, ids, cipher, false);
            case SEALED_GIN -> sealedResults(c, docs, ids, cipher, true);
        };
    }

    /** A: the job's statement of today (ObservationRows). */
    private static long insertObservations(Connection c, List<Doc> docs, Map<String, Long> ids) throws SQLException {
        List<Long> docIds = new ArrayList<>();
        List<Observation> rows = new ArrayList<>();
        for (Doc d : docs) {
            for (Observation o : d.results()) {
                docIds.add(ids.get(d.uid()));
                rows.add(o);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.observation (document_id, seq, value_type, code,"
                + " code_system, display, value, numeric_value, unit, reference_range, abnormal_flags, result_status, observed_at)"
                + " SELECT u.d, u.s, u.vt, u.c, u.cs, u.di, u.v, u.n::numeric, u.u, u.r, u.a, u.st, u.t::timestamptz"
                + " FROM unnest(?::int8[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS u(d, s, vt, c, cs, di, v, n, u, r, a, st, t)"
                + " ON CONFLICT DO NOTHING")) {
            int i = 1;
            ps.setArray(i++, c.createArrayOf("int8", docIds.toArray(Long[]::new)));
            ps.setArray(i++, c.createArrayOf("int4", rows.stream().map(Observation::seq).toArray(Integer[]::new)));
            ps.setArray(i++, text(c, rows, Observation::valueType));
            ps.setArray(i++, text(c, rows, Observation::code));
            ps.setArray(i++, text(c, rows, Observation::codeSystem));
            ps.setArray(i++, text(c, rows, Observation::display));
            ps.setArray(i++, text(c, rows, Observation::value));
            ps.setArray(i++, text(c, rows, o -> o.numericValue() == null ? null : o.numericValue().toPlainString()));
            ps.setArray(i++, text(c, rows, Observation::unit));
            ps.setArray(i++, text(c, rows, Observation::referenceRange));
            ps.setArray(i++, text(c, rows, Observation::abnormalFlags));
            ps.setArray(i++, text(c, rows, Observation::resultStatus));
            ps.setArray(i++, text(c, rows, o -> o.observedAt() == null ? null : o.observedAt().toString()));
            return ps.executeUpdate();
        }
    }

    /** B: the product's own write (store/ObservationRows: COPY FROM STDIN on the chunk's connection and transaction). */
    private static long copyObservations(Connection c, List<Doc> docs, Map<String, Long> ids) throws SQLException {
        List<ObservationRows.Row> rows = new ArrayList<>();
        for (Doc d : docs) {
            long id = ids.get(d.uid());
            for (Observation o : d.results()) {
                rows.add(new ObservationRows.Row(id, o));
            }
        }
        return new ObservationRows().insert(c, rows);
    }

    /** C and C2: one sealed row per document; its codes in a narrow table (C) or in a GIN-indexed column (C2). */
    private static long sealedResults(Connection c, List<Doc> docs, Map<String, Long> ids, ContentCipher cipher, boolean gin)
            throws SQLException {
        List<Long> docIds = new ArrayList<>(docs.size());
        List<ContentCipher.Sealed> sealed = new ArrayList<>(docs.size());
        List<String> codes = new ArrayList<>(docs.size());
        record CodeRow(String code, long documentId) {
        }
        List<CodeRow> codeRows = new ArrayList<>();
        for (Doc d : docs) {
            long id = ids.get(d.uid());
            docIds.add(id);
            sealed.add(cipher.seal(ResultsCodec.encode(d.results()), "results:" + id));
            Set<String> distinct = new LinkedHashSet<>();
            for (Observation o : d.results()) {
                if (o.code() != null) {
                    distinct.add(o.code());
                }
            }
            if (gin) {
                codes.add(arrayLiteral(distinct));
            } else {
                for (String code : distinct) {
                    codeRows.add(new CodeRow(code, id));
                }
            }
        }
        String sql = gin
                ? "INSERT INTO dmp.bench_result_set_gin (document_id, key_id, data, codes)"
                + " SELECT u.d, u.k, u.b, u.c::text[] FROM unnest(?::int8[], ?::text[], ?::bytea[], ?::text[]) AS u(d, k, b, c)"
                : "INSERT INTO dmp.bench_result_set (document_id, key_id, data)"
                + " SELECT * FROM unnest(?::int8[], ?::text[], ?::bytea[])";
        long rows;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("int8", docIds.toArray(Long[]::new)));
            ps.setArray(2, text(c, sealed, ContentCipher.Sealed::keyId));
            ps.setArray(3, c.createArrayOf("bytea", sealed.stream().map(ContentCipher.Sealed::data).toArray(byte[][]::new)));
            if (gin) {
                ps.setArray(4, c.createArrayOf("text", codes.toArray(String[]::new)));
            }
            rows = ps.executeUpdate();
        }
        if (!gin) {
            try (CopyStream copy = CopyStream.open(c, "COPY dmp.bench_result_code (code, document_id) FROM STDIN")) {
                for (CodeRow r : codeRows) {
                    copy.text(r.code()).number(r.documentId()).endRow();
                }
                rows += copy.finish();
            }
        }
        return rows;
    }

    private static String arrayLiteral(Set<String> codes) {
        StringBuilder sb = new StringBuilder("{");
        for (String code : codes) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(code.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append('}').toString();
    }

    private static <T> Array text(Connection c, List<T> rows, Function<T, String> f) throws SQLException {
        String[] a = new String[rows.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = f.apply(rows.get(i));
        }
        return c.createArrayOf("text", a);
    }

    /** Bytes on disk of each table, its indexes and TOAST included. */
    static Map<String, Long> sizes(BenchDatabase db) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = db.connect()) {
            for (String t : SIZED) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_total_relation_size(to_regclass(?))")) {
                    ps.setString(1, "dmp." + t);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        out.put(t, rs.getLong(1));
                    }
                }
            }
        }
        return out;
    }

    /** A Markdown table of the runs, then each design's mean CPU and what its results add to design 0's. */
    static String table(List<Run> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| design | round | load 1 min | wall s | docs/s | OBX rows/s | JVM CPU s | PostgreSQL CPU s | CPU s | results MB |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            sb.append(String.format(java.util.Locale.ROOT, "| %s | %d | %.2f | %.2f | %d | %d | %.2f | %.2f | %.2f | %.1f |%n",
                    r.design().label, r.round(), r.load1(), r.seconds(), Math.round(r.documents() / r.seconds()),
                    Math.round(r.obx() / r.seconds()), r.jvmCpu(), r.postgresCpu(), r.jvmCpu() + r.postgresCpu(),
                    r.resultBytes() / 1e6));
        }
        Map<Design, double[]> mean = new LinkedHashMap<>();
        for (Run r : runs) {
            double[] m = mean.computeIfAbsent(r.design(), d -> new double[3]);
            m[0] += r.jvmCpu() + r.postgresCpu();
            m[1] += r.seconds();
            m[2]++;
        }
        double[] none = mean.get(Design.NONE);
        double base = none == null ? 0 : none[0] / none[2];
        for (Map.Entry<Design, double[]> e : mean.entrySet()) {
            double cpu = e.getValue()[0] / e.getValue()[2];
            sb.append(String.format(java.util.Locale.ROOT, "%s: mean CPU %.2f s, wall %.2f s%s — %s%n", e.getKey().label, cpu,
                    e.getValue()[1] / e.getValue()[2], none == null || e.getKey() == Design.NONE ? ""
                            : String.format(java.util.Locale.ROOT, ", results add %.2f CPU s", cpu - base), e.getKey().what));
        }
        return sb.toString();
    }

    static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * C's serialised results: a count, then per result its seq and its fields as length-prefixed UTF-8 (0 for
     * null, else length + 1), the time as epoch seconds and nanos; compact, and sealed whole.
     */
    static final class ResultsCodec {
        private ResultsCodec() {
        }

        static byte[] encode(List<Observation> results) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * results.size());
            varint(out, results.size());
            for (Observation o : results) {
                varint(out, o.seq());
                string(out, o.valueType());
                string(out, o.code());
                string(out, o.codeSystem());
                string(out, o.display());
                string(out, o.value());
                string(out, o.numericValue() == null ? null : o.numericValue().toPlainString());
                string(out, o.unit());
                string(out, o.referenceRange());
                string(out, o.abnormalFlags());
                string(out, o.resultStatus());
                if (o.observedAt() == null) {
                    varint(out, 0);
                } else {
                    varint(out, 1);
                    varint(out, o.observedAt().getEpochSecond());
                    varint(out, o.observedAt().getNano());
                }
            }
            return out.toByteArray();
        }

        private static void string(ByteArrayOutputStream out, String s) {
            if (s == null) {
                varint(out, 0);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(out, b.length + 1L);
            out.write(b, 0, b.length);
        }

        private static void varint(ByteArrayOutputStream out, long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
