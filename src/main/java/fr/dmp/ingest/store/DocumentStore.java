package fr.dmp.ingest.store;

import fr.dmp.ingest.classify.Classification;
import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.domain.Verdict;
import fr.dmp.ingest.format.Content;
import fr.dmp.ingest.format.DocumentMeta;
import fr.dmp.ingest.format.Observation;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.intake.ClaimedFile;
import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.intake.Disposition.ItemOutcome;
import fr.dmp.ingest.link.Dossier;
import fr.dmp.ingest.link.Linker;
import fr.dmp.ingest.validate.ValidatedDocument;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one chunk of files in the caller's transaction: links each ready document to its dossier,
 * stores documents, contents, texts and observations, the audit trail, the quarantine entries and one
 * disposition per file. Every insert is idempotent (unique keys, {@code ON CONFLICT DO NOTHING}), so a
 * chunk written again after a failure stores nothing twice.
 */
public final class DocumentStore {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private final DossierRepository dossiers = new DossierRepository();
    private final DossierEventStore events;
    private final Linker linker;
    private final RunInfo run;
    private final ContentCipher cipher;

    public DocumentStore(Linker linker, RunInfo run, ContentCipher cipher) {
        this.events = new DossierEventStore(run);
        this.linker = linker;
        this.run = run;
        this.cipher = cipher;
    }

    /** A document on its way into the store, with its place in the chunk. */
    private static final class Pending {
        final FileWork file;
        final ValidatedDocument doc;
        final int index;
        Dossier dossier;
        String uid;
        String setId;
        Long replacesId;
        long id;
        boolean deferred;
        /** the first copy of the same document in this chunk */
        Pending copyOf;

        Pending(FileWork file, ValidatedDocument doc, int index) {
            this.file = file;
            this.doc = doc;
            this.index = index;
        }

        SourceDocument source() {
            return doc.source();
        }

        /** An explicit replacement (CDA RPLC, MDM^T10, sidecar, HL7 corrected result): its target must exist. */
        boolean explicitReplacement() {
            return source().meta().replacesId() != null || "C".equals(source().meta().resultStatus());
        }
    }

    /** What a chunk write decided: dispositions to move, and files left claimed to retry after the others. */
    public record Written(List<Disposition> dispositions, List<FileWork> deferred) {
    }

    public List<Disposition> write(Connection c, List<FileWork> files) throws SQLException {
        return write(c, files, false).dispositions();
    }

    /**
     * @param mayDefer whether a replacement whose target is not stored yet may wait for the end of the run
     *                 (its target may be later in the same drop); otherwise it is a VERSION_CONFLICT
     */
    public Written write(Connection c, List<FileWork> files, boolean mayDefer) throws SQLException {
        Instant now = run.clock().instant();
        // identity, not record equality: hashing a FileWork would hash every byte array and observation it holds
        Map<FileWork, Map<Integer, ItemOutcome>> outcomes = new IdentityHashMap<>();
        List<Pending> pending = storeItems(c, files, mayDefer, outcomes);

        Set<FileWork> deferredFiles = Collections.newSetFromMap(new IdentityHashMap<>());
        List<FileWork> deferredInOrder = new ArrayList<>();
        for (Pending p : pending) {
            if (p.deferred && deferredFiles.add(p.file)) {
                deferredInOrder.add(p.file);
            }
        }
        List<Disposition> dispositions = new ArrayList<>(files.size());
        for (FileWork f : files) {
            if (!deferredFiles.contains(f)) {
                dispositions.add(dispositionOf(f.file(), f.sha256(), f.size(), new ArrayList<>(outcomes.get(f).values()), now));
            }
        }
        recordDecisions(c, dispositions);
        return new Written(dispositions, deferredInOrder);
    }

    /**
     * Stores one part of a large file (a window of its messages) and returns its items' outcomes, with
     * no disposition: the file is decided by {@link #decide} once all its parts are stored. A crash in
     * between leaves it claimed without a disposition, to be read again; what was stored is then a duplicate.
     */
    public List<ItemOutcome> writePart(Connection c, FileWork part) throws SQLException {
        Map<FileWork, Map<Integer, ItemOutcome>> outcomes = new IdentityHashMap<>();
        storeItems(c, List.of(part), false, outcomes);
        return new ArrayList<>(outcomes.get(part).values());
    }

    /** Records the disposition of a file whose parts were stored by {@link #writePart}. */
    public Disposition decide(Connection c, ClaimedFile file, String sha256, long size, List<ItemOutcome> items) throws SQLException {
        Disposition d = dispositionOf(file, sha256, size, items, run.clock().instant());
        recordDecisions(c, List.of(d));
        return d;
    }

    private Disposition dispositionOf(ClaimedFile f, String sha256, long size, List<ItemOutcome> items, Instant now) {
        return new Disposition(f.token(), run.feed(), f.originalName(),
                f.hasCompanion() ? f.companionName() : null, sha256, size,
                Disposition.outcomeOf(items), items, run.jobExecutionId(), now);
    }

    /** Dispositions and the quarantine entries of their rejected items, in the transaction of their documents. */
    private void recordDecisions(Connection c, List<Disposition> dispositions) throws SQLException {
        List<QuarantineRow> quarantine = new ArrayList<>();
        for (Disposition d : dispositions) {
            for (ItemOutcome i : d.rejections()) {
                quarantine.add(new QuarantineRow(d, i));
            }
        }
        insertQuarantine(c, quarantine);
        if (!dispositions.isEmpty()) {
            insertDispositions(c, dispositions);
        }
        fr.dmp.ingest.faults.Faults.point("write");
    }

    /** Dedupes, links and stores the files' items; their outcomes go into {@code outcomes}, in file order. */
    private List<Pending> storeItems(Connection c, List<FileWork> files, boolean mayDefer,
                                     Map<FileWork, Map<Integer, ItemOutcome>> outcomes) throws SQLException {
        List<AuditRow> audit = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        for (FileWork f : files) {
            Map<Integer, ItemOutcome> byIndex = new LinkedHashMap<>();
            outcomes.put(f, byIndex);
            for (ItemWork item : f.items()) {
                if (item instanceof ItemWork.Ready r) {
                    pending.add(new Pending(f, r.document(), r.index()));
                    byIndex.put(r.index(), null); // keeps file order
                } else if (item instanceof ItemWork.Refused r) {
                    byIndex.put(r.index(), ItemOutcome.rejected(r.index(), r.rejection().reason(), r.rejection().detail()));
                    audit.add(AuditRow.rejected(null, null, r.rejection()));
                }
            }
        }

        if (!pending.isEmpty()) {
            // dossier events (closing, death, opposition) apply under the exclusive form of this lock (those that
            // waited for a dossier this chunk opens apply here: see link)
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)")) {
                lock.setLong(1, DossierEventStore.DOSSIER_STATE_LOCK);
                lock.execute();
            }
        }
        // a document already stored is a duplicate whatever its dossier's state since: re-sending changes nothing
        List<Pending> fresh = duplicates(c, pending, outcomes, audit);
        link(c, fresh, outcomes, audit);
        List<Pending> linked = fresh.stream().filter(p -> p.dossier != null).toList();
        insertDocuments(c, linked, outcomes, audit, mayDefer);
        for (Pending p : pending) {
            if (p.copyOf != null) {
                copyOutcome(p, outcomes, audit);
            }
        }
        insertAudit(c, audit);
        return pending;
    }

    // ---- link ------------------------------------------------------------------------------------

    private void link(Connection c, List<Pending> pending, Map<FileWork, Map<Integer, ItemOutcome>> outcomes,
                      List<AuditRow> audit) throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        List<Ins> keys = pending.stream().map(p -> p.doc.ins()).distinct().toList();
        Map<Ins, Dossier> found = dossiers.find(c, keys);
        if (linker.createsDossiers()) {
            Map<Ins, DossierRepository.CreateRequest> toCreate = new LinkedHashMap<>();
            for (Pending p : pending) {
                if (!found.containsKey(p.doc.ins())) {
                    toCreate.putIfAbsent(p.doc.ins(), new DossierRepository.CreateRequest(p.doc.ins(), p.doc.traits(),
                            p.doc.statusSeen() == null ? null : p.doc.statusSeen().name()));
                }
            }
            if (!toCreate.isEmpty()) {
                Map<Ins, Dossier> created = dossiers.create(c, toCreate, run.feed());
                List<AuditRow> opened = new ArrayList<>();
                for (Dossier d : created.values()) {
                    opened.add(new AuditRow("CREATED", d.id(), null, null, null));
                }
                found.putAll(created);
                // a death or an opposition that waited for the dossier applies before its first documents link;
                // only to dossiers this transaction opened, which no other transaction can see yet. The CREATED
                // rows go first then (R7 history order), else with the chunk's other audit rows.
                boolean[] openedWritten = {false};
                int applied = events.applyWaiting(c, created.keySet(), () -> {
                    insertAudit(c, opened);
                    openedWritten[0] = true;
                });
                if (!openedWritten[0]) {
                    audit.addAll(opened);
                }
                if (applied > 0) {
                    found.putAll(dossiers.find(c, List.copyOf(created.keySet()))); // as the waiting events left them
                }
                if (created.size() < toCreate.size()) {
                    // opened by a concurrent transaction: read them
                    found.putAll(dossiers.find(c, toCreate.keySet().stream().filter(k -> !found.containsKey(k)).toList()));
                }
            }
        }
        for (Pending p : pending) {
            Verdict<Dossier> v = linker.link(p.doc, found.get(p.doc.ins()));
            if (v instanceof Verdict.Accepted<Dossier> a) {
                p.dossier = a.value();
            } else {
                Rejection r = ((Verdict.Refused<Dossier>) v).rejection();
                Dossier d = found.get(p.doc.ins());
                outcomes.get(p.file).put(p.index, ItemOutcome.rejected(p.index, r.reason(), r.detail()));
                audit.add(AuditRow.rejected(d == null ? null : d.id(), null, r));
            }
        }
    }

    // ---- documents -------------------------------------------------------------------------------

    /** The current version of a document set, or a document by its id. */
    private record StoredDoc(long id, String uid, String setId, Integer version, long dossierId, String status, String sha) {
    }

    private void insertDocuments(Connection c, List<Pending> linked, Map<FileWork, Map<Integer, ItemOutcome>> outcomes,
                                 List<AuditRow> audit, boolean mayDefer) throws SQLException {
        if (linked.isEmpty()) {
            return;
        }
        List<Pending> fresh = linked;
        // 2. new documents of new sets go in bulk; replacements and new versions of a set one by one, in order
        Map<String, StoredDoc> currentBySet = currentVersions(c, fresh.stream().map(p -> p.setId).distinct().toList());
        Set<String> setsInChunk = new HashSet<>();
        List<Pending> bulk = new ArrayList<>();
        List<Pending> versioned = new ArrayList<>();
        for (Pending p : fresh) {
            boolean newSet = !currentBySet.containsKey(p.setId) && setsInChunk.add(p.setId);
            (newSet && !p.explicitReplacement() ? bulk : versioned).add(p);
        }
        List<Pending> stored = new ArrayList<>(insertRows(c, bulk, outcomes, audit));
        for (Pending p : versioned) {
            if (insertVersion(c, p, outcomes, audit, mayDefer)) {
                stored.add(p);
            }
        }
        for (Pending p : stored) {
            outcomes.get(p.file).put(p.index, ItemOutcome.stored(p.index, cls(p).type().code()));
            audit.add(new AuditRow("STORED", p.dossier.id(), p.uid, null, null));
        }
        insertContents(c, stored);
        insertTexts(c, stored);
        insertObservations(c, stored);
    }

    /**
     * Sorts out the documents already stored (or twice in this chunk): a duplicate, or a VERSION_CONFLICT
     * when the same id comes with another content. Returns the others.
     */
    private List<Pending> duplicates(Connection c, List<Pending> pending, Map<FileWork, Map<Integer, ItemOutcome>> outcomes,
                                     List<AuditRow> audit) throws SQLException {
        for (Pending p : pending) {
            p.uid = DocumentIds.of(p.source().meta(), p.source().content().sha256());
            p.setId = DocumentIds.setOf(p.source().meta(), p.uid);
        }
        Map<String, StoredDoc> existing = existingByUid(c, pending.stream().map(p -> p.uid).distinct().toList());
        Map<String, Pending> firstInChunk = new HashMap<>();
        List<Pending> fresh = new ArrayList<>();
        for (Pending p : pending) {
            StoredDoc stored = existing.get(p.uid);
            Pending first = firstInChunk.putIfAbsent(p.uid, p);
            if (stored != null) {
                duplicateOrConflict(p, stored.sha(), stored.dossierId(), outcomes, audit);
            } else if (first != null) {
                // the second copy in this chunk is decided after the first is linked and stored
                p.copyOf = first;
            } else {
                fresh.add(p);
            }
        }
        return fresh;
    }

    /** A second copy of a document in the same chunk ends as the first did: a duplicate of it, or refused alike. */
    private void copyOutcome(Pending p, Map<FileWork, Map<Integer, ItemOutcome>> outcomes, List<AuditRow> audit) {
        Pending first = p.copyOf;
        if (first.deferred) {
            p.deferred = true;
            return;
        }
        ItemOutcome o = outcomes.get(first.file).get(first.index);
        if (o != null && o.kind() == ItemOutcome.Kind.REJECTED) {
            outcomes.get(p.file).put(p.index, ItemOutcome.rejected(p.index, o.reason(), o.detail()));
            audit.add(AuditRow.rejected(first.dossier == null ? null : first.dossier.id(), null, Rejection.of(o.reason(), o.detail())));
        } else {
            duplicateOrConflict(p, first.source().content().sha256(), first.dossier == null ? null : first.dossier.id(), outcomes, audit);
        }
    }

    private void duplicateOrConflict(Pending p, String storedSha, Long dossierId, Map<FileWork, Map<Integer, ItemOutcome>> outcomes,
                                     List<AuditRow> audit) {
        if (p.source().content().sha256().equals(storedSha)) {
            outcomes.get(p.file).put(p.index, ItemOutcome.duplicate(p.index, cls(p).type().code()));
            audit.add(new AuditRow("DUPLICATE", dossierId, p.uid, null, null));
        } else {
            Rejection r = Rejection.of(ReasonCode.VERSION_CONFLICT, "document id already stored with another content");
            outcomes.get(p.file).put(p.index, ItemOutcome.rejected(p.index, r.reason(), r.detail()));
            audit.add(AuditRow.rejected(dossierId, p.uid, r));
        }
    }

    private void duplicateOrConflict(Pending p, String storedSha, Map<FileWork, Map<Integer, ItemOutcome>> outcomes,
                                     List<AuditRow> audit) {
        if (p.source().content().sha256().equals(storedSha)) {
            outcomes.get(p.file).put(p.index, ItemOutcome.duplicate(p.index, cls(p).type().code()));
            audit.add(new AuditRow("DUPLICATE", p.dossier.id(), p.uid, null, null));
        } else {
            reject(p, Rejection.of(ReasonCode.VERSION_CONFLICT, "document id already stored with another content"), outcomes, audit);
        }
    }

    private static void reject(Pending p, Rejection r, Map<FileWork, Map<Integer, ItemOutcome>> outcomes, List<AuditRow> audit) {
        outcomes.get(p.file).put(p.index, ItemOutcome.rejected(p.index, r.reason(), r.detail()));
        audit.add(AuditRow.rejected(p.dossier.id(), p.uid, r));
    }

    /**
     * rules.md R13: a new version replaces the current one of its set, which stays stored, marked
     * REPLACED. The target is locked so that two runs cannot both replace it. A target not stored yet
     * may be deferred to the end of the run; one already replaced or deleted is a VERSION_CONFLICT.
     */
    private boolean insertVersion(Connection c, Pending p, Map<FileWork, Map<Integer, ItemOutcome>> outcomes,
                                  List<AuditRow> audit, boolean mayDefer) throws SQLException {
        DocumentMeta meta = p.source().meta();
        StoredDoc target;
        String what;
        if (meta.replacesId() != null) {
            target = lockById(c, meta.replacesId());
            what = "replaced document";
        } else {
            target = lockCurrentOfSet(c, p.setId);
            what = "C".equals(meta.resultStatus()) ? "result corrected (status C)" : "current version of its set";
        }
        if (target == null) {
            if (!p.explicitReplacement()) {
                // its set's current version went away meanwhile: it starts the set again
                return !insertRows(c, List.of(p), outcomes, audit).isEmpty();
            }
            if (mayDefer) {
                p.deferred = true; // its target may come later in this drop
                return false;
            }
            reject(p, Rejection.of(ReasonCode.VERSION_CONFLICT, what + " is not stored"), outcomes, audit);
            return false;
        }
        if (!"CURRENT".equals(target.status())) {
            reject(p, Rejection.of(ReasonCode.VERSION_CONFLICT, what + " is already " + target.status().toLowerCase(Locale.ROOT)),
                    outcomes, audit);
            return false;
        }
        if (target.dossierId() != p.dossier.id()) {
            reject(p, Rejection.of(ReasonCode.VERSION_CONFLICT, what + " belongs to another dossier"), outcomes, audit);
            return false;
        }
        if (meta.version() != null && target.version() != null && meta.version() <= target.version()) {
            reject(p, Rejection.of(ReasonCode.VERSION_CONFLICT, "version " + meta.version() + " is not after the current "
                    + target.version()), outcomes, audit);
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE dmp.document SET status = 'REPLACED', status_changed_at = now() WHERE id = ? AND status = 'CURRENT'")) {
            ps.setLong(1, target.id());
            ps.executeUpdate();
        }
        p.setId = target.setId();
        p.replacesId = target.id();
        audit.add(new AuditRow("REPLACED", p.dossier.id(), target.uid(), null, "replaced by " + p.uid));
        return !insertRows(c, List.of(p), outcomes, audit).isEmpty();
    }

    private StoredDoc lockById(Connection c, String uid) throws SQLException {
        return one(c, "SELECT id, document_uid, set_id, version_number, dossier_id, status, content_sha256 FROM dmp.document"
                + " WHERE document_uid = ? FOR UPDATE", uid);
    }

    private StoredDoc lockCurrentOfSet(Connection c, String setId) throws SQLException {
        return one(c, "SELECT id, document_uid, set_id, version_number, dossier_id, status, content_sha256 FROM dmp.document"
                + " WHERE set_id = ? AND status = 'CURRENT' FOR UPDATE", setId);
    }

    private static StoredDoc one(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? storedDoc(rs) : null;
            }
        }
    }

    private static StoredDoc storedDoc(ResultSet rs) throws SQLException {
        int v = rs.getInt("version_number");
        return new StoredDoc(rs.getLong("id"), rs.getString("document_uid"), rs.getString("set_id"), rs.wasNull() ? null : v,
                rs.getLong("dossier_id"), rs.getString("status"), rs.getString("content_sha256"));
    }

    private Map<String, StoredDoc> currentVersions(Connection c, List<String> setIds) throws SQLException {
        Map<String, StoredDoc> out = new HashMap<>();
        if (setIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, document_uid, set_id, version_number, dossier_id, status,"
                + " content_sha256 FROM dmp.document WHERE set_id = ANY(?::text[]) AND status = 'CURRENT'")) {
            ps.setArray(1, Sql.text(c, setIds));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredDoc d = storedDoc(rs);
                    out.put(d.setId(), d);
                }
            }
        }
        return out;
    }

    /**
     * Inserts documents in one statement; returns those inserted. One whose id another transaction
     * stored meanwhile is a duplicate (or a conflict), decided here too.
     */
    private List<Pending> insertRows(Connection c, List<Pending> rowsIn, Map<FileWork, Map<Integer, ItemOutcome>> outcomes,
                                     List<AuditRow> audit) throws SQLException {
        if (rowsIn.isEmpty()) {
            return List.of();
        }
        List<Pending> rows = new ArrayList<>(rowsIn);
        rows.sort((a, b) -> a.uid.compareTo(b.uid)); // same lock order in every transaction
        Map<String, Long> inserted = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.document (document_uid, dossier_id, set_id,"
                + " version_number, type_code, type_code_system, class_code, format_code, source_format, mime_type, title,"
                + " author_institution, creation_time, confidentiality, source_feed, source_file, source_item, sender_app,"
                + " sender_facility, message_control_id, identity_status, content_sha256, size_bytes, classification,"
                + " job_execution_id, flags, replaces_id)"
                + " SELECT u.uid, u.dossier, u.set_id, u.version, u.type, u.sys, u.class, u.fmt, u.src, u.mime, u.title,"
                + " u.author, u.created::timestamptz, string_to_array(u.conf, ','), ?, u.file, u.item, u.app, u.fac, u.msg,"
                + " u.st, u.sha, u.size, u.cls::jsonb, ?, coalesce(string_to_array(u.flags, ','), '{}'), u.replaces"
                + " FROM unnest(?::text[], ?::int8[], ?::text[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[], ?::text[], ?::int8[])"
                + " AS u(uid, dossier, set_id, version, type, sys, class, fmt, src, mime, title, author, created, conf,"
                + " file, item, app, fac, msg, st, sha, size, cls, flags, replaces)"
                + " ON CONFLICT ON CONSTRAINT document_uid_unique DO NOTHING RETURNING id, document_uid")) {
            int i = 1;
            ps.setString(i++, run.feed());
            ps.setLong(i++, run.jobExecutionId());
            ps.setArray(i++, Sql.text(c, rows, p -> p.uid));
            ps.setArray(i++, Sql.int8(c, rows, p -> p.dossier.id()));
            ps.setArray(i++, Sql.text(c, rows, p -> p.setId));
            ps.setArray(i++, Sql.int4(c, rows, p -> p.source().meta().version()));
            ps.setArray(i++, Sql.text(c, rows, p -> cls(p).type().code()));
            ps.setArray(i++, Sql.text(c, rows, p -> cls(p).type().systemOid()));
            ps.setArray(i++, Sql.text(c, rows, p -> cls(p).type().classCode()));
            ps.setArray(i++, Sql.text(c, rows, p -> FormatCodes.of(p.source(), cls(p).type().code())));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().format().key()));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().content().mediaType()));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().meta().title() != null ? p.source().meta().title()
                    : cls(p).type().display()));
            ps.setArray(i++, Sql.text(c, rows, p -> author(p.source())));
            ps.setArray(i++, Sql.text(c, rows, p -> Sql.iso(p.source().meta().creationTime())));
            ps.setArray(i++, Sql.text(c, rows, p -> confidentiality(p.source())));
            ps.setArray(i++, Sql.text(c, rows, p -> p.file.file().originalName()));
            ps.setArray(i++, Sql.int4(c, rows, p -> p.index));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().meta().senderApp()));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().meta().senderFacility()));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().meta().messageId()));
            ps.setArray(i++, Sql.text(c, rows, p -> p.doc.statusSeen() == null ? null : p.doc.statusSeen().name()));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().content().sha256()));
            ps.setArray(i++, Sql.int8(c, rows, p -> p.source().content().size()));
            ps.setArray(i++, Sql.text(c, rows, p -> classificationJson(cls(p))));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().flags().isEmpty() ? null : String.join(",", p.source().flags())));
            ps.setArray(i++, Sql.int8(c, rows, p -> p.replacesId));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.put(rs.getString(2), rs.getLong(1));
                }
            }
        }
        List<Pending> stored = new ArrayList<>();
        List<Pending> raced = new ArrayList<>();
        for (Pending p : rows) {
            Long id = inserted.get(p.uid);
            if (id != null) {
                p.id = id;
                stored.add(p);
            } else {
                raced.add(p);
            }
        }
        if (!raced.isEmpty()) {
            Map<String, String> sha = existingContent(c, raced.stream().map(p -> p.uid).toList());
            for (Pending p : raced) {
                duplicateOrConflict(p, sha.get(p.uid), outcomes, audit);
            }
        }
        return stored;
    }

    /** rules.md R6: the source's codes, never dropped; N when the source states none. */
    private static String confidentiality(SourceDocument s) {
        return s.meta().confidentiality().isEmpty() ? "N" : String.join(",", s.meta().confidentiality());
    }

    private static Classification cls(Pending p) {
        return p.doc.document().classification();
    }

    private String author(SourceDocument s) {
        if (s.meta().authorOrg() != null) {
            return s.meta().authorOrg();
        }
        return run.senderFiness();
    }

    private Map<String, StoredDoc> existingByUid(Connection c, List<String> uids) throws SQLException {
        Map<String, StoredDoc> out = new HashMap<>();
        if (uids.isEmpty()) {
            return out;
        }
        try (PreparedStatement st = c.prepareStatement("SELECT id, document_uid, set_id, version_number, dossier_id, status,"
                + " content_sha256 FROM dmp.document WHERE document_uid = ANY(?::text[])")) {
            st.setArray(1, Sql.text(c, uids));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    StoredDoc d = storedDoc(rs);
                    out.put(d.uid(), d);
                }
            }
        }
        return out;
    }

    private Map<String, String> existingContent(Connection c, List<String> uids) throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (uids.isEmpty()) {
            return out;
        }
        try (PreparedStatement st = c.prepareStatement(
                "SELECT document_uid, content_sha256 FROM dmp.document WHERE document_uid = ANY(?::text[])")) {
            st.setArray(1, Sql.text(c, uids));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** The {@code classification} column of a document. */
    public static String classificationJson(Classification c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("source", c.source());
        n.put("confidence", c.confidence());
        ArrayNode ev = n.putArray("evidence");
        c.evidence().forEach(ev::add);
        return n.toString();
    }

    private void insertContents(Connection c, List<Pending> stored) throws SQLException {
        Map<String, Content> unique = new LinkedHashMap<>();
        for (Pending p : stored) {
            unique.putIfAbsent(p.source().content().sha256(), p.source().content());
        }
        if (unique.isEmpty()) {
            return;
        }
        List<Content> rows = new ArrayList<>();
        for (Content content : unique.values()) {
            if (content.inFile()) {
                insertContentFromFile(c, content);
            } else {
                rows.add(content);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        rows.sort((a, b) -> a.sha256().compareTo(b.sha256()));
        List<ContentCipher.Sealed> sealed = new ArrayList<>(rows.size());
        for (Content content : rows) {
            sealed.add(cipher.seal(content.bytes(), contentIdentity(content.sha256()))); // rules.md R11
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.content (sha256, media_type, size_bytes, key_id, data)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[], ?::bytea[]) ON CONFLICT (sha256) DO NOTHING")) {
            ps.setArray(1, Sql.text(c, rows, Content::sha256));
            ps.setArray(2, Sql.text(c, rows, Content::mediaType));
            ps.setArray(3, Sql.int8(c, rows, Content::size));
            ps.setArray(4, Sql.text(c, sealed, ContentCipher.Sealed::keyId));
            ps.setArray(5, Sql.bytea(c, sealed, ContentCipher.Sealed::data));
            ps.executeUpdate();
        }
    }

    /** A content too large for the heap, sealed as it streams from its claimed file into the row. */
    private void insertContentFromFile(Connection c, Content content) throws SQLException {
        try (java.io.InputStream plain = java.nio.file.Files.newInputStream(content.file(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
             PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.content (sha256, media_type, size_bytes, key_id, data)"
                     + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING")) {
            java.security.DigestInputStream digested = new java.security.DigestInputStream(
                    new java.io.BufferedInputStream(plain, 1 << 16), fr.dmp.ingest.domain.Sha256.digest());
            ContentCipher.SealedStream sealed = cipher.sealing(digested, content.size(),
                    contentIdentity(content.sha256())); // rules.md R11
            ps.setString(1, content.sha256());
            ps.setString(2, content.mediaType());
            ps.setLong(3, content.size());
            ps.setString(4, sealed.keyId());
            ps.setBinaryStream(5, sealed.data(), sealed.length());
            ps.executeUpdate();
            if (!java.util.HexFormat.of().formatHex(digested.getMessageDigest().digest()).equals(content.sha256())) {
                // the file changed since it was read: roll back rather than store bytes that were not checked
                throw new IllegalStateException("claimed file changed between reading and storing");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("claimed file unreadable while stored", e);
        }
    }

    /** What a sealed row is, bound to its ciphertext: a blob moved to another row does not open. */
    public static String contentIdentity(String sha256) {
        return "content:" + sha256;
    }

    public static String textIdentity(long documentId) {
        return "text:" + documentId;
    }

    private void insertTexts(Connection c, List<Pending> stored) throws SQLException {
        List<Pending> rows = stored.stream().filter(p -> p.source().content().text() != null).toList();
        if (rows.isEmpty()) {
            return;
        }
        List<ContentCipher.Sealed> sealed = new ArrayList<>(rows.size());
        for (Pending p : rows) {
            sealed.add(cipher.seal(p.source().content().text().getBytes(java.nio.charset.StandardCharsets.UTF_8), textIdentity(p.id)));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.document_text (document_id, key_id, data)"
                + " SELECT * FROM unnest(?::int8[], ?::text[], ?::bytea[]) ON CONFLICT DO NOTHING")) {
            ps.setArray(1, Sql.int8(c, rows, p -> p.id));
            ps.setArray(2, Sql.text(c, sealed, ContentCipher.Sealed::keyId));
            ps.setArray(3, Sql.bytea(c, sealed, ContentCipher.Sealed::data));
            ps.executeUpdate();
        }
    }

    private record ObsRow(long documentId, Observation o) {
    }

    private void insertObservations(Connection c, List<Pending> stored) throws SQLException {
        List<ObsRow> rows = new ArrayList<>();
        for (Pending p : stored) {
            for (Observation o : p.source().observations()) {
                rows.add(new ObsRow(p.id, o));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.observation (document_id, seq, value_type, code,"
                + " code_system, display, value, numeric_value, unit, reference_range, abnormal_flags, result_status, observed_at)"
                + " SELECT u.d, u.s, u.vt, u.c, u.cs, u.di, u.v, u.n::numeric, u.u, u.r, u.a, u.st, u.t::timestamptz"
                + " FROM unnest(?::int8[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS u(d, s, vt, c, cs, di, v, n, u, r, a, st, t)"
                + " ON CONFLICT DO NOTHING")) {
            int i = 1;
            ps.setArray(i++, Sql.int8(c, rows, ObsRow::documentId));
            ps.setArray(i++, Sql.int4(c, rows, r -> r.o().seq()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().valueType()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().code()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().codeSystem()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().display()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().value()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().numericValue() == null ? null : r.o().numericValue().toPlainString()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().unit()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().referenceRange()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().abnormalFlags()));
            ps.setArray(i++, Sql.text(c, rows, r -> r.o().resultStatus()));
            ps.setArray(i++, Sql.text(c, rows, r -> Sql.iso(r.o().observedAt())));
            ps.executeUpdate();
        }
    }

    // ---- audit, quarantine, dispositions -----------------------------------------------------------

    /** One audit event: never the document's content, only what was done to which document (R7). */
    record AuditRow(String action, Long dossierId, String documentUid, String reason, String detail) {
        static AuditRow rejected(Long dossierId, String uid, Rejection r) {
            return new AuditRow("REJECTED", dossierId, uid, r.reason().name(), r.detail());
        }
    }

    private void insertAudit(Connection c, List<AuditRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.audit_event (action, feed, sender_org,"
                + " job_execution_id, dossier_id, document_uid, reason, detail)"
                + " SELECT u.a, ?, ?, ?, u.d, u.uid, u.r, u.det FROM unnest(?::text[], ?::int8[], ?::text[], ?::text[], ?::text[])"
                + " AS u(a, d, uid, r, det)")) {
            ps.setString(1, run.feed());
            ps.setString(2, run.senderFiness());
            ps.setLong(3, run.jobExecutionId());
            ps.setArray(4, Sql.text(c, rows, AuditRow::action));
            ps.setArray(5, Sql.int8(c, rows, AuditRow::dossierId));
            ps.setArray(6, Sql.text(c, rows, AuditRow::documentUid));
            ps.setArray(7, Sql.text(c, rows, AuditRow::reason));
            ps.setArray(8, Sql.text(c, rows, AuditRow::detail));
            ps.executeUpdate();
        }
    }

    private record QuarantineRow(Disposition d, ItemOutcome item) {
    }

    private void insertQuarantine(Connection c, List<QuarantineRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.quarantine_entry (feed, claim_token, file_name,"
                + " sha256, item_index, reason, detail, job_execution_id)"
                + " SELECT ?, u.t, u.f, u.s, u.i, u.r, u.d, ? FROM unnest(?::text[], ?::text[], ?::text[], ?::int4[],"
                + " ?::text[], ?::text[]) AS u(t, f, s, i, r, d) ON CONFLICT ON CONSTRAINT quarantine_entry_once DO NOTHING")) {
            ps.setString(1, run.feed());
            ps.setLong(2, run.jobExecutionId());
            ps.setArray(3, Sql.text(c, rows, r -> r.d().token()));
            ps.setArray(4, Sql.text(c, rows, r -> r.d().originalName()));
            ps.setArray(5, Sql.text(c, rows, r -> r.d().sha256()));
            ps.setArray(6, Sql.int4(c, rows, r -> r.item().index()));
            ps.setArray(7, Sql.text(c, rows, r -> r.item().reason().name()));
            ps.setArray(8, Sql.text(c, rows, r -> r.item().detail()));
            ps.executeUpdate();
        }
    }

    /** Dispositions, their quarantine entries and the rejections' audit rows, for a writer of another kind of file. */
    static void recordDispositions(Connection c, RunInfo run, List<Disposition> rows) throws SQLException {
        DocumentStore store = new DocumentStore(null, run, null);
        List<QuarantineRow> quarantine = new ArrayList<>();
        List<AuditRow> audit = new ArrayList<>();
        for (Disposition d : rows) {
            for (ItemOutcome i : d.rejections()) {
                quarantine.add(new QuarantineRow(d, i));
                audit.add(AuditRow.rejected(null, null, Rejection.of(i.reason(), i.detail())));
            }
        }
        store.insertAudit(c, audit);
        store.insertQuarantine(c, quarantine);
        if (!rows.isEmpty()) {
            store.insertDispositions(c, rows);
        }
    }

    private void insertDispositions(Connection c, List<Disposition> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.disposition (claim_token, feed, original_name,"
                + " companion_name, sha256, size_bytes, outcome, primary_reason, items, job_execution_id, decided_at)"
                + " SELECT u.t, ?, u.n, u.c, u.s, u.z, u.o, u.r, u.i::jsonb, ?, ?::timestamptz"
                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[], ?::text[], ?::text[])"
                + " AS u(t, n, c, s, z, o, r, i) ON CONFLICT (claim_token) DO NOTHING")) {
            ps.setString(1, run.feed());
            ps.setLong(2, run.jobExecutionId());
            ps.setString(3, rows.isEmpty() ? null : rows.get(0).decidedAt().toString());
            ps.setArray(4, Sql.text(c, rows, Disposition::token));
            ps.setArray(5, Sql.text(c, rows, Disposition::originalName));
            ps.setArray(6, Sql.text(c, rows, Disposition::companionName));
            ps.setArray(7, Sql.text(c, rows, Disposition::sha256));
            ps.setArray(8, Sql.int8(c, rows, Disposition::size));
            ps.setArray(9, Sql.text(c, rows, d -> d.outcome().name()));
            ps.setArray(10, Sql.text(c, rows, d -> d.primaryReason() == null ? null : d.primaryReason().name()));
            ps.setArray(11, Sql.text(c, rows, DispositionJson::items));
            ps.executeUpdate();
        }
    }
}
