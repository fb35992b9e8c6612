package fr.dmp.ingest.tools.bench;

import fr.dmp.ingest.classify.Classification;
import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.Content;
import fr.dmp.ingest.format.DocumentMeta;
import fr.dmp.ingest.format.Observation;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.store.DocumentIds;
import fr.dmp.ingest.store.DocumentRows;
import fr.dmp.ingest.store.DossierRepository;
import fr.dmp.ingest.store.FileWork;
import fr.dmp.ingest.store.FormatCodes;
import fr.dmp.ingest.store.ItemWork;
import fr.dmp.ingest.validate.ValidatedDocument;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows the store would write for parsed files, as CSV files ready for PostgreSQL {@code COPY}:
 * one per table (dossier, content, document, document_text, observation), written as files are
 * parsed, so that nothing but the keys is held in memory. Values are computed as {@code DocumentStore}
 * computes them (document ids, sets, format codes, classification JSON, the feed's FINESS as the
 * default author).
 *
 * <p>{@code dmp.dossier.id} and {@code dmp.document.id} are identity columns that COPY cannot set:
 * the rows are numbered here in file order, which is the order in which one COPY into freshly
 * truncated tables draws their identities; {@link CopyLoad} checks it after the load.
 */
public final class CopyRows implements Closeable {

    /** The tables in load order (foreign keys), with the columns of their CSV file. */
    public static final Map<String, String> TABLES = tables();

    private static Map<String, String> tables() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("dossier", "ins, ins_oid, birth_name, first_names, sex, birth_date, birth_place, identity_status, created_by_feed");
        t.put("content", "sha256, media_type, size_bytes, data");
        t.put("document", "document_uid, dossier_id, set_id, version_number, type_code, type_code_system, class_code,"
                + " format_code, source_format, mime_type, title, author_institution, creation_time, confidentiality,"
                + " source_feed, source_file, source_item, sender_app, sender_facility, message_control_id,"
                + " identity_status, content_sha256, size_bytes, classification, job_execution_id, flags");
        t.put("document_text", "document_id, text");
        t.put("observation", "document_id, seq, value_type, code, code_system, display, value, numeric_value, unit,"
                + " reference_range, abnormal_flags, result_status, observed_at");
        return t;
    }

    private final Path folder;
    private final Map<String, Csv> files = new LinkedHashMap<>();
    private final Writer uids;
    private final Map<String, Long> dossiers = new HashMap<>();
    private final Set<String> contents = new HashSet<>();
    private final Set<String> documentIds = new HashSet<>();
    private final Set<String> sets = new HashSet<>();
    private long documents;
    /** Ready documents left out because their id or their set was already in the rows (the store would not insert them either). */
    private long skipped;

    public CopyRows(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
            for (String table : TABLES.keySet()) {
                files.put(table, new Csv(folder.resolve(table + ".csv")));
            }
            uids = writer(folder.resolve("document.uids"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write rows under " + folder, e);
        }
    }

    public Path folder() {
        return folder;
    }

    public Path csv(String table) {
        return folder.resolve(table + ".csv");
    }

    public Path uidsFile() {
        return folder.resolve("document.uids");
    }

    public long rows(String table) {
        return files.get(table).rows;
    }

    public long bytes(String table) {
        try {
            return Files.size(csv(table));
        } catch (IOException e) {
            return -1;
        }
    }

    public long skipped() {
        return skipped;
    }

    /** Adds the rows of one parsed file of {@code feed} (sender FINESS {@code senderFiness}). */
    public synchronized void add(FileWork work, String feed, String senderFiness) {
        try {
            for (ItemWork item : work.items()) {
                if (item instanceof ItemWork.Ready r) {
                    document(r.document(), work.file().originalName(), r.index(), feed, senderFiness);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write rows under " + folder, e);
        }
    }

    private void document(ValidatedDocument doc, String file, int index, String feed, String senderFiness) throws IOException {
        SourceDocument s = doc.source();
        DocumentMeta meta = s.meta();
        Content content = s.content();
        String uid = DocumentIds.of(meta, content.sha256());
        String setId = DocumentIds.setOf(meta, uid);
        if (!documentIds.add(uid) || !sets.add(setId)) {
            skipped++;
            return;
        }
        long dossierId = dossier(doc, feed);
        if (contents.add(content.sha256())) {
            Csv c = files.get("content");
            c.text(content.sha256()).text(content.mediaType()).number(content.size()).bytea(content.bytes()).end();
        }
        Classification cls = doc.document().classification();
        long documentId = ++documents;
        Csv d = files.get("document");
        d.text(uid).number(dossierId).text(setId).number(meta.version())
                .text(cls.type().code()).text(cls.type().systemOid()).text(cls.type().classCode())
                .text(FormatCodes.of(s, cls.type().code())).text(s.format().key()).text(content.mediaType())
                .text(meta.title() != null ? meta.title() : cls.type().display())
                .text(meta.authorOrg() != null ? meta.authorOrg() : senderFiness)
                .text(iso(meta.creationTime()))
                .array(meta.confidentiality().isEmpty() ? List.of("N") : meta.confidentiality())
                .text(feed).text(file).number(index).text(meta.senderApp()).text(meta.senderFacility()).text(meta.messageId())
                .text(doc.statusSeen() == null ? null : doc.statusSeen().name())
                .text(content.sha256()).number(content.size()).text(DocumentRows.classificationJson(cls)).number(0)
                .array(s.flags()).end();
        uids.write(uid);
        uids.write('\n');
        if (content.text() != null) {
            files.get("document_text").number(documentId).text(content.text()).end();
        }
        Csv o = files.get("observation");
        for (Observation obs : s.observations()) {
            o.number(documentId).number(obs.seq()).text(obs.valueType()).text(obs.code()).text(obs.codeSystem())
                    .text(obs.display()).text(obs.value())
                    .text(obs.numericValue() == null ? null : obs.numericValue().toPlainString())
                    .text(obs.unit()).text(obs.referenceRange()).text(obs.abnormalFlags()).text(obs.resultStatus())
                    .text(iso(obs.observedAt())).end();
        }
    }

    /** The dossier of the document's INS, opened with the traits of its first document (rules.md R2). */
    private long dossier(ValidatedDocument doc, String feed) throws IOException {
        Ins ins = doc.ins();
        String key = ins.matricule() + "|" + ins.oid().oid();
        Long id = dossiers.get(key);
        if (id != null) {
            return id;
        }
        id = (long) dossiers.size() + 1;
        dossiers.put(key, id);
        Traits t = doc.traits();
        files.get("dossier").text(ins.matricule()).text(ins.oid().oid()).text(t.birthName())
                .text(DossierRepository.firstNamesLiteral(t.firstNames()))
                .text(t.sex() == null ? null : t.sex().name())
                .text(t.birthDate() == null ? null : t.birthDate().toString())
                .text(t.birthPlace())
                .text(doc.statusSeen() == null ? null : doc.statusSeen().name())
                .text(feed).end();
        return id;
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }

    @Override
    public synchronized void close() {
        try {
            for (Csv c : files.values()) {
                c.close();
            }
            uids.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write rows under " + folder, e);
        }
    }

    private static Writer writer(Path file) throws IOException {
        return new OutputStreamWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20), StandardCharsets.UTF_8);
    }

    /** One CSV file in PostgreSQL's COPY csv format: unquoted empty is NULL, text always quoted. */
    private static final class Csv implements Closeable {
        private static final char[] HEX = "0123456789abcdef".toCharArray();
        private final Writer w;
        private boolean first = true;
        long rows;

        Csv(Path file) throws IOException {
            this.w = writer(file);
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
