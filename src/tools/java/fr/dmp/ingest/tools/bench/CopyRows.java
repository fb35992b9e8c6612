package fr.dmp.ingest.tools.bench;

import fr.dmp.ingest.classify.Classification;
import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.Content;
import fr.dmp.ingest.format.DocumentMeta;
import fr.dmp.ingest.format.Observation;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.intake.Disposition.ItemOutcome;
import fr.dmp.ingest.store.ContentCipher;
import fr.dmp.ingest.store.DispositionJson;
import fr.dmp.ingest.store.DocumentIds;
import fr.dmp.ingest.store.DocumentRows;
import fr.dmp.ingest.store.DossierRepository;
import fr.dmp.ingest.store.FileWork;
import fr.dmp.ingest.store.FormatCodes;
import fr.dmp.ingest.store.ItemWork;
import fr.dmp.ingest.validate.ValidatedDocument;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows the job writes for parsed files, as CSV files ready for PostgreSQL {@code COPY}, written as
 * files are parsed so that nothing but keys is held in memory (issue 19, "baselines that do the same
 * work"): the dossiers with their CREATED audit rows, then per chunk of the job (200 files of one
 * partition) its sealed contents and texts (the job's {@link ContentCipher}, bound to the same row
 * identities), documents, results, audit rows (STORED, DUPLICATE, REJECTED), quarantine entries and one
 * disposition per file. Values are computed as {@code DocumentStore} computes them.
 *
 * <p>Identity columns are numbered here (COPY writes the values given, as {@code OVERRIDING SYSTEM
 * VALUE}), so that several connections can load their partitions at once, as the job's partitions do.
 */
public final class CopyRows implements Closeable {

    /** The tables a chunk writes, in load order (foreign keys), with the columns of their CSV file. */
    public static final Map<String, String> CHUNK_TABLES = chunkTables();
    /** Loaded once before the partitions: dossiers are shared by the partitions' documents. */
    public static final String DOSSIER_COLUMNS = "id, ins, ins_oid, birth_name, first_names, sex, birth_date, birth_date_precision, birth_place,"
            + " identity_status, created_by_feed";
    public static final String AUDIT_COLUMNS = "action, feed, sender_org, job_execution_id, dossier_id, document_uid, reason, detail";

    private static Map<String, String> chunkTables() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("content", "sha256, media_type, size_bytes, key_id, data");
        t.put("document", "id, document_uid, dossier_id, set_id, version_number, type_code, type_code_system, class_code,"
                + " format_code, source_format, mime_type, title, author_institution, creation_time, confidentiality,"
                + " source_feed, source_file, source_item, sender_app, sender_facility, message_control_id,"
                + " identity_status, content_sha256, size_bytes, classification, job_execution_id, flags, lab_order,"
                + " result_status, message_time");
        t.put("document_text", "document_id, key_id, data");
        t.put("observation", "document_id, seq, value_type, code, code_system, display, value, numeric_value, unit,"
                + " reference_range, abnormal_flags, result_status, observed_at, alt_code, alt_code_system, order_seq, sub_id,"
                + " parent_code, parent_sub_id");
        t.put("audit_event", AUDIT_COLUMNS);
        t.put("quarantine_entry", "feed, claim_token, file_name, sha256, item_index, reason, detail, job_execution_id");
        t.put("disposition", "claim_token, feed, original_name, companion_name, sha256, size_bytes, outcome, primary_reason,"
                + " items, job_execution_id, decided_at");
        return t;
    }

    /** One chunk's rows: for each table of {@link #CHUNK_TABLES}, the byte range of its rows in the partition's file. */
    public record Chunk(long[] from, long[] to) {
    }

    /** The rows of one feed's partition, chunk after chunk. */
    public final class Partition {
        final String feed;
        final int index;
        final Map<String, Csv> files = new LinkedHashMap<>();
        final List<Chunk> chunks = new ArrayList<>();

        Partition(String feed, int index) throws IOException {
            this.feed = feed;
            this.index = index;
            for (String table : CHUNK_TABLES.keySet()) {
                files.put(table, new Csv(folder.resolve(feed + "-p" + index + "-" + table + ".csv")));
            }
        }

        public String feed() {
            return feed;
        }

        public Path csv(String table) {
            return files.get(table).file;
        }

        public List<Chunk> chunks() {
            return chunks;
        }

        long[] offsets() throws IOException {
            long[] o = new long[files.size()];
            int i = 0;
            for (Csv c : files.values()) {
                o[i++] = c.offset();
            }
            return o;
        }
    }

    private final Path folder;
    private final ContentCipher cipher;
    private final Csv dossiers;
    private final Csv dossierAudit;
    private final Map<String, Partition> partitions = new LinkedHashMap<>();
    private final Map<String, Long> tableRows = new LinkedHashMap<>();
    private final Map<String, Long> dossierIds = new HashMap<>();
    private final Set<String> contents = new HashSet<>();
    private final Set<String> documentIds = new HashSet<>();
    private final Set<String> sets = new HashSet<>();
    private final Instant decidedAt = Instant.now();
    private long documents;
    /** Ready documents whose id or set was already in the rows: the job would not store them either (here: DUPLICATE). */
    private long skipped;
    /** Nanoseconds spent sealing contents and texts (AES-GCM), which the job does inside its write. */
    private long sealNanos;

    public CopyRows(Path folder, ContentCipher cipher) {
        this.folder = folder;
        this.cipher = cipher;
        try {
            Files.createDirectories(folder);
            dossiers = new Csv(folder.resolve("dossier.csv"));
            dossierAudit = new Csv(folder.resolve("dossier-audit.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write rows under " + folder, e);
        }
    }

    public Path dossierCsv() {
        return dossiers.file;
    }

    public Path dossierAuditCsv() {
        return dossierAudit.file;
    }

    /** The partitions of {@code feed}, in partition order. */
    public List<Partition> partitions(String feed) {
        return partitions.values().stream().filter(p -> p.feed.equals(feed)).sorted((a, b) -> a.index - b.index).toList();
    }

    /** Rows written per table, the dossiers' CREATED audit rows counted with audit_event. */
    public Map<String, Long> rows() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("dossier", dossiers.rows);
        for (String table : CHUNK_TABLES.keySet()) {
            out.put(table, tableRows.getOrDefault(table, 0L) + ("audit_event".equals(table) ? dossierAudit.rows : 0));
        }
        return out;
    }

    public long bytes() {
        long b = dossiers.count.n + dossierAudit.count.n;
        for (Partition p : partitions.values()) {
            for (Csv c : p.files.values()) {
                b += c.count.n;
            }
        }
        return b;
    }

    public long skipped() {
        return skipped;
    }

    public double sealSeconds() {
        return sealNanos / 1e9;
    }

    /** Adds the rows of one chunk of {@code partition} of a feed (sender FINESS {@code senderFiness}, job execution {@code job}). */
    public synchronized void add(String feed, String senderFiness, long job, int partition, List<FileWork> chunk) {
        try {
            Partition p = partitions.get(feed + "/" + partition);
            if (p == null) {
                p = new Partition(feed, partition);
                partitions.put(feed + "/" + partition, p);
            }
            long[] from = p.offsets();
            for (FileWork work : chunk) {
                file(p, work, feed, senderFiness, job);
            }
            p.chunks.add(new Chunk(from, p.offsets()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write rows under " + folder, e);
        }
    }

    private void file(Partition p, FileWork work, String feed, String senderFiness, long job) throws IOException {
        List<ItemOutcome> items = new ArrayList<>();
        for (ItemWork item : work.items()) {
            if (item instanceof ItemWork.Ready r) {
                items.add(document(p, r.document(), work.file().originalName(), r.index(), feed, senderFiness, job));
            } else if (item instanceof ItemWork.Refused r) {
                items.add(ItemOutcome.rejected(r.index(), r.rejection().reason(), r.rejection().detail()));
                audit(p.files.get("audit_event"), "REJECTED", feed, senderFiness, job, null, null,
                        r.rejection().reason().name(), r.rejection().detail());
            }
        }
        Disposition d = new Disposition(work.file().token(), feed, work.file().originalName(),
                work.file().hasCompanion() ? work.file().companionName() : null, work.sha256(), work.size(),
                Disposition.outcomeOf(items), items, job, decidedAt);
        for (ItemOutcome i : d.rejections()) {
            row(p.files.get("quarantine_entry").text(feed).text(d.token()).text(d.originalName()).text(d.sha256())
                    .number(i.index()).text(i.reason().name()).text(i.detail()).number(job));
        }
        row(p.files.get("disposition").text(d.token()).text(feed).text(d.originalName()).text(d.companionName())
                .text(d.sha256()).number(d.size()).text(d.outcome().name())
                .text(d.primaryReason() == null ? null : d.primaryReason().name()).text(DispositionJson.items(d))
                .number(job).text(d.decidedAt().toString()));
    }

    private ItemOutcome document(Partition p, ValidatedDocument doc, String file, int index, String feed, String senderFiness,
                                 long job) throws IOException {
        SourceDocument s = doc.source();
        DocumentMeta meta = s.meta();
        Content content = s.content();
        Classification cls = doc.document().classification();
        String uid = DocumentIds.of(s);
        String setId = DocumentIds.setOf(meta, uid);
        long dossierId = dossier(doc, feed, senderFiness, job);
        if (!documentIds.add(uid) || !sets.add(setId)) {
            skipped++;
            audit(p.files.get("audit_event"), "DUPLICATE", feed, senderFiness, job, dossierId, uid, null, null);
            return ItemOutcome.duplicate(index, cls.type().code());
        }
        if (contents.add(content.sha256())) {
            ContentCipher.Sealed sealed = seal(content.bytes(), "content:" + content.sha256());
            row(p.files.get("content").text(content.sha256()).text(content.mediaType()).number(content.size())
                    .text(sealed.keyId()).bytea(sealed.data()));
        }
        long documentId = ++documents;
        row(p.files.get("document").number(documentId).text(uid).number(dossierId).text(setId).number(meta.version())
                .text(cls.type().code()).text(cls.type().systemOid()).text(cls.type().classCode())
                .text(FormatCodes.of(s, cls.type().code())).text(s.format().key()).text(content.mediaType())
                .text(meta.title() != null ? meta.title() : cls.type().display())
                .text(meta.authorOrg() != null ? meta.authorOrg() : senderFiness)
                .text(iso(meta.creationTime()))
                .array(meta.confidentiality().isEmpty() ? List.of("N") : meta.confidentiality())
                .text(feed).text(file).number(index).text(meta.senderApp()).text(meta.senderFacility()).text(meta.messageId())
                .text(doc.statusSeen() == null ? null : doc.statusSeen().name())
                .text(content.sha256()).number(content.size()).text(DocumentRows.classificationJson(cls)).number(job)
                .array(s.flags()).text(DocumentIds.labOrderOf(meta)).text(meta.resultStatus()).text(iso(meta.messageTime())));
        if (content.text() != null) {
            ContentCipher.Sealed sealed = seal(content.text().getBytes(StandardCharsets.UTF_8), "text:" + documentId);
            row(p.files.get("document_text").number(documentId).text(sealed.keyId()).bytea(sealed.data()));
        }
        Csv o = p.files.get("observation");
        for (Observation obs : s.observations()) {
            row(o.number(documentId).number(obs.seq()).text(obs.valueType()).text(obs.code()).text(obs.codeSystem())
                    .text(obs.display()).text(obs.value())
                    .text(obs.numericValue() == null ? null : obs.numericValue().toPlainString())
                    .text(obs.unit()).text(obs.referenceRange()).text(obs.abnormalFlags()).text(obs.resultStatus())
                    .text(iso(obs.observedAt()))
                    .text(obs.alternate() == null ? null : obs.alternate().code())
                    .text(obs.alternate() == null ? null : obs.alternate().system())
                    .text(obs.grouping() == null || obs.grouping().order() == 0 ? null : Integer.toString(obs.grouping().order()))
                    .text(obs.grouping() == null ? null : obs.grouping().subId())
                    .text(obs.grouping() == null ? null : obs.grouping().parentCode())
                    .text(obs.grouping() == null ? null : obs.grouping().parentSubId()));
        }
        audit(p.files.get("audit_event"), "STORED", feed, senderFiness, job, dossierId, uid, null, null);
        return ItemOutcome.stored(index, cls.type().code());
    }

    private ContentCipher.Sealed seal(byte[] plain, String identity) {
        long start = System.nanoTime();
        ContentCipher.Sealed s = cipher.seal(plain, identity);
        sealNanos += System.nanoTime() - start;
        return s;
    }

    private void audit(Csv a, String action, String feed, String senderFiness, long job, Long dossierId, String uid,
                       String reason, String detail) throws IOException {
        row(a.text(action).text(feed).text(senderFiness).number(job).number(dossierId).text(uid).text(reason).text(detail));
    }

    private void row(Csv c) throws IOException {
        c.end();
        if (c != dossiers && c != dossierAudit) {
            tableRows.merge(c.table, 1L, Long::sum);
        }
    }

    /** The dossier of the document's INS, opened with the traits of its first document (rules.md R2), audited CREATED. */
    private long dossier(ValidatedDocument doc, String feed, String senderFiness, long job) throws IOException {
        Ins ins = doc.ins();
        String key = ins.matricule() + "|" + ins.oid().oid();
        Long id = dossierIds.get(key);
        if (id != null) {
            return id;
        }
        id = (long) dossierIds.size() + 1;
        dossierIds.put(key, id);
        Traits t = doc.traits();
        row(dossiers.number(id).text(ins.matricule()).text(ins.oid().oid()).text(t.birthName())
                .text(DossierRepository.firstNamesLiteral(t.firstNames()))
                .text(t.sex() == null ? null : t.sex().name())
                .text(t.birthDate() == null ? null : t.birthDate().earliest().toString())
                .text(DossierRepository.birthDatePrecision(t.birthDate()))
                .text(t.birthPlace())
                .text(doc.statusSeen() == null ? null : doc.statusSeen().name())
                .text(feed));
        audit(dossierAudit, "CREATED", feed, senderFiness, job, id, null, null, null);
        return id;
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }

    @Override
    public synchronized void close() {
        try {
            dossiers.close();
            dossierAudit.close();
            for (Partition p : partitions.values()) {
                for (Csv c : p.files.values()) {
                    c.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write rows under " + folder, e);
        }
    }

    /** Bytes written so far through a stream. */
    private static final class Counting extends FilterOutputStream {
        long n;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            n++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            n += len;
        }
    }

    /** One CSV file in PostgreSQL's COPY csv format: unquoted empty is NULL, text always quoted. */
    static final class Csv implements Closeable {
        private static final char[] HEX = "0123456789abcdef".toCharArray();
        final Path file;
        final String table;
        private final Counting count;
        private final Writer w;
        private boolean first = true;
        long rows;

        Csv(Path file) throws IOException {
            this.file = file;
            String name = file.getFileName().toString().replace(".csv", "");
            this.table = name.substring(name.lastIndexOf('-') + 1);
            this.count = new Counting(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
            this.w = new OutputStreamWriter(count, StandardCharsets.UTF_8);
        }

        /** Bytes of the rows written so far. */
        long offset() throws IOException {
            w.flush();
            return count.n;
        }

        private void separator() throws IOException {
            if (!first) {
                w.write(',');
            }
            first = false;
        }

        Csv text(String s) throws IOException {
            separator();
            if (s != null) {
                quoted(s);
            }
            return this;
        }

        Csv number(Number n) throws IOException {
            separator();
            if (n != null) {
                w.write(n.toString());
            }
            return this;
        }

        Csv bytea(byte[] b) throws IOException {
            separator();
            char[] out = new char[2 + 2 * b.length];
            out[0] = '\\';
            out[1] = 'x';
            for (int i = 0; i < b.length; i++) {
                out[2 + 2 * i] = HEX[(b[i] >> 4) & 0xF];
                out[3 + 2 * i] = HEX[b[i] & 0xF];
            }
            w.write(out);
            return this;
        }

        /** A text[] literal: {"a","b"}. */
        Csv array(List<String> values) throws IOException {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            return text(sb.append('}').toString());
        }

        private void quoted(String s) throws IOException {
            w.write('"');
            int from = 0;
            for (int i = s.indexOf('"'); i >= 0; i = s.indexOf('"', from)) {
                w.write(s, from, i + 1 - from);
                w.write('"');
                from = i + 1;
            }
            w.write(s, from, s.length() - from);
            w.write('"');
        }

        void end() throws IOException {
            w.write('\n');
            first = true;
            rows++;
        }

        @Override
        public void close() throws IOException {
            w.close();
        }
    }
}
