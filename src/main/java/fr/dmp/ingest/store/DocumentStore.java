package fr.dmp.ingest.store;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.faults.Faults;
import fr.dmp.ingest.format.DocumentMeta;
import fr.dmp.ingest.format.Observation;
import fr.dmp.ingest.intake.ClaimedFile;
import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.intake.Disposition.ItemOutcome;
import fr.dmp.ingest.domain.ConfidentialityCodes;
import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.link.MaskingRule;
import fr.dmp.ingest.link.Linker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes one chunk of files in the caller's transaction, in the order design.md draws: sorts out documents
 * already stored, links the others to their dossiers ({@link DossierLinks}), stores new documents and
 * versions ({@link DocumentRows}), their sealed contents and texts ({@link SealedContents}) and results
 * ({@link ObservationRows}), then the decisions: audit, quarantine and one disposition per file
 * ({@link DecisionRows}). Every insert is idempotent (unique keys, {@code ON CONFLICT DO NOTHING}), so a
 * chunk written again after a failure stores nothing twice; results go by COPY, only for the documents this
 * transaction has just inserted, so they cannot exist already.
 */
public final class DocumentStore {

    private final RunInfo run;
    private final DossierLinks links;
    private final DocumentRows documents;
    private final SealedContents sealed;
    private final ObservationRows observations = new ObservationRows();
    private final DecisionRows decisions;

    public DocumentStore(Linker linker, RunInfo run, ContentCipher cipher) {
        this.run = run;
        this.decisions = new DecisionRows(run);
        this.links = new DossierLinks(linker, run, decisions);
        this.documents = new DocumentRows(run);
        this.sealed = new SealedContents(cipher);
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
        ChunkOutcomes outcomes = new ChunkOutcomes();
        List<PendingDocument> pending = storeItems(c, files, mayDefer, outcomes);
        recordKeptFileSubjects(c, pending);

        Set<FileWork> deferredFiles = Collections.newSetFromMap(new IdentityHashMap<>());
        List<FileWork> deferredInOrder = new ArrayList<>();
        for (PendingDocument p : pending) {
            if (p.deferred && deferredFiles.add(p.file)) {
                deferredInOrder.add(p.file);
            }
        }
        List<Disposition> dispositions = new ArrayList<>(files.size());
        for (FileWork f : files) {
            if (!deferredFiles.contains(f)) {
                dispositions.add(dispositionOf(f.file(), f.sha256(), f.size(), outcomes.items(f), now));
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
        ChunkOutcomes outcomes = new ChunkOutcomes();
        recordKeptFileSubjects(c, storeItems(c, List.of(part), false, outcomes));
        return outcomes.items(part);
    }

    /** Records the disposition of a file whose parts were stored by {@link #writePart}. */
    public Disposition decide(Connection c, ClaimedFile file, String sha256, long size, List<ItemOutcome> items) throws SQLException {
        Disposition d = dispositionOf(file, sha256, size, items, run.clock().instant());
        recordDecisions(c, List.of(d));
        return d;
    }

    /** Which documents each claimed file holds, so that deleting one shreds the file's kept copy (V20, rules.md R5). */
    private static void recordKeptFileSubjects(Connection c, List<PendingDocument> pending) throws SQLException {
        List<String> tokens = new ArrayList<>();
        List<String> uids = new ArrayList<>();
        List<Long> dossiers = new ArrayList<>();
        for (PendingDocument p : pending) {
            if (p.uid != null) {
                tokens.add(p.file.file().token());
                uids.add(p.uid);
                dossiers.add(p.dossierId());
            }
        }
        KeptFileKeyStore.recordSubjects(c, tokens, uids, dossiers);
    }

    private Disposition dispositionOf(ClaimedFile f, String sha256, long size, List<ItemOutcome> items, Instant now) {
        return new Disposition(f.token(), run.feed(), f.originalName(),
                f.hasCompanion() ? f.companionName() : null, sha256, size,
                Disposition.outcomeOf(items), items, run.jobExecutionId(), now);
    }

    private void recordDecisions(Connection c, List<Disposition> dispositions) throws SQLException {
        decisions.recordDecisions(c, dispositions);
        Faults.point("write");
    }

    /** Dedupes, links and stores the files' items; their outcomes go into {@code outcomes}, in file order. */
    private List<PendingDocument> storeItems(Connection c, List<FileWork> files, boolean mayDefer, ChunkOutcomes outcomes)
            throws SQLException {
        List<PendingDocument> pending = new ArrayList<>();
        for (FileWork f : files) {
            outcomes.file(f);
            for (ItemWork item : f.items()) {
                if (item instanceof ItemWork.Ready r) {
                    PendingDocument p = new PendingDocument(f, r.document(), r.index());
                    pending.add(p);
                    outcomes.announce(p);
                } else if (item instanceof ItemWork.Refused r) {
                    outcomes.refusedBeforeStore(f, r.index(), r.rejection());
                }
            }
        }
        if (!pending.isEmpty()) {
            // dossier events (closing, death, opposition) apply under the exclusive form of this lock
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)")) {
                lock.setLong(1, DossierEventStore.DOSSIER_STATE_LOCK);
                lock.execute();
            }
        }
        // a document already stored is a duplicate whatever its dossier's state since: re-sending changes nothing
        List<PendingDocument> fresh = duplicates(c, pending, outcomes);
        int auditBefore = outcomes.audit().size();
        DossierLinks.Opened opened = links.link(c, fresh, outcomes);
        insertDocuments(c, fresh.stream().filter(p -> p.dossier != null).toList(), outcomes, mayDefer);
        // documents refused VERSION_CONFLICT for good: each pass takes out those that opened a dossier, at most once each
        Map<PendingDocument, ItemOutcome> refused = new IdentityHashMap<>();
        List<PendingDocument> linked = fresh; // each pass links fewer: it ends
        for (Set<Ins> reopen = misopened(opened, linked, outcomes); !reopen.isEmpty(); reopen = misopened(opened, linked, outcomes)) {
            // issue 16 item 11: a dossier opened for documents all then refused VERSION_CONFLICT (or deferred) is not opened
            // (rules.md R2: a dossier exists for the documents filed in it); the job cannot delete a dossier (R10),
            // so the chunk goes back to before the openings and links again without those patients' refused documents.
            // Round 34, a tester: one refused so opened the dossier with its traits (a birth date mistyped) and the
            // patient's right message beside it in the chunk was refused IDENTITY_MISMATCH against them
            Set<PendingDocument> waiting = Collections.newSetFromMap(new IdentityHashMap<>());
            for (PendingDocument p : linked) {
                if (reopen.contains(p.doc.ins()) && p.deferred) {
                    waiting.add(p);
                } else if (reopen.contains(p.doc.ins()) && isConflict(outcomes.of(p))) {
                    refused.put(p, outcomes.of(p));
                }
            }
            c.rollback(opened.before());
            outcomes.truncateAudit(auditBefore);
            Set<PendingDocument> stillLinked = Collections.newSetFromMap(new IdentityHashMap<>());
            stillLinked.addAll(linked); // the others were refused or left waiting by an earlier pass
            List<PendingDocument> again = new ArrayList<>();
            for (PendingDocument p : fresh) {
                outcomes.forget(p);
                p.dossier = null;
                p.replacesId = null;
                p.keptMaskings = List.of(); // the rolled-back replacement's, read again if it is linked again
                p.deferred = false;
                p.id = 0;
                p.setId = DocumentIds.setOf(p.source().meta(), p.uid);
                if (waiting.contains(p) || (!stillLinked.contains(p) && !refused.containsKey(p))) {
                    p.deferred = true; // linked again, dossier and all, when its file is retried
                } else if (!refused.containsKey(p)) {
                    again.add(p);
                }
            }
            opened = links.link(c, again, outcomes);
            insertDocuments(c, again.stream().filter(p -> p.dossier != null).toList(), outcomes, mayDefer);
            // a refusal names the dossier its patient has after all, so that it stays in the patient's history (R7, a review)
            Map<Ins, Long> dossierOf = new HashMap<>();
            again.stream().filter(p -> p.dossier != null).forEach(p -> dossierOf.putIfAbsent(p.doc.ins(), p.dossier.id()));
            refused.forEach((p, o) -> outcomes.rejected(p, Rejection.of(o.reason(), o.detail()), dossierOf.get(p.doc.ins()), p.uid));
            linked = again;
        }
        for (PendingDocument p : pending) {
            if (p.copyOf != null) {
                copyOutcome(p, outcomes);
            }
        }
        decisions.insertAudit(c, outcomes.audit());
        // rules.md R5: a masking or deletion that waited for one of these documents applies before anyone can read it,
        // after its STORED row in the trail
        List<String> stored = new ArrayList<>();
        for (PendingDocument p : fresh) {
            ItemOutcome o = outcomes.of(p);
            if (p.id != 0 && o != null && o.kind() == ItemOutcome.Kind.STORED) {
                stored.add(p.uid);
            }
        }
        new DossierEventStore(run).applyWaitingForDocuments(c, stored);
        return pending;
    }

    /**
     * The dossiers this chunk opened from a document then refused VERSION_CONFLICT or deferred (its target may come later
     * in the drop: the dossier opens then, if the document is stored): the document whose traits opened it (the first of
     * its patient with every trait among those linked, {@link fr.dmp.ingest.link.Linker#dossiersToOpen}) is not filed in it.
     */
    private static Set<Ins> misopened(DossierLinks.Opened opened, List<PendingDocument> linked, ChunkOutcomes outcomes) {
        if (opened.ins().isEmpty() || opened.before() == null) {
            return Set.of();
        }
        Set<Ins> seen = new HashSet<>();
        Set<Ins> misopened = new HashSet<>();
        for (PendingDocument p : linked) {
            Ins ins = p.doc.ins();
            if (!opened.ins().contains(ins) || seen.contains(ins)
                    || !fr.dmp.ingest.link.Linker.missingToOpen(p.doc.traits()).isEmpty()) {
                continue;
            }
            seen.add(ins); // its opener
            if (p.deferred || isConflict(outcomes.of(p))) {
                misopened.add(ins);
            }
        }
        return misopened;
    }

    private static boolean isConflict(ItemOutcome o) {
        return o != null && o.kind() == ItemOutcome.Kind.REJECTED && o.reason() == ReasonCode.VERSION_CONFLICT;
    }

    /**
     * Sorts out the documents already stored (or twice in this chunk): a duplicate, or a VERSION_CONFLICT
     * when the same id comes with another content. Returns the others.
     */
    private List<PendingDocument> duplicates(Connection c, List<PendingDocument> pending, ChunkOutcomes outcomes)
            throws SQLException {
        for (PendingDocument p : pending) {
            p.uid = DocumentIds.of(p.source());
            p.setId = DocumentIds.setOf(p.source().meta(), p.uid);
        }
        // a lab order's reports of other tests are sets of their own: the order is locked too, so that two chunks
        // cannot both file a report of one order for two patients (oneOrderOnePatient)
        lockSets(c, java.util.stream.Stream.concat(pending.stream().map(p -> p.setId),
                pending.stream().map(p -> DocumentIds.labOrderOf(p.source().meta())).filter(java.util.Objects::nonNull))
                .distinct().sorted().toList());
        Map<String, DocumentRows.Stored> existing = documents.byUid(c, pending.stream().map(p -> p.uid).distinct().toList());
        Set<PendingDocument> samePatient = samePatient(c, pending, existing);
        Map<String, PendingDocument> firstInChunk = new HashMap<>();
        List<PendingDocument> fresh = new ArrayList<>();
        for (PendingDocument p : pending) {
            DocumentRows.Stored stored = existing.get(p.uid);
            PendingDocument first = firstInChunk.putIfAbsent(p.uid, p);
            if (stored != null && stored.storedBy(run.jobExecutionId(), run.feed(), p.file.file().originalName(), p.index)
                    && p.source().content().sha256().equals(stored.sha())) {
                // stored by this run from this item, when its file first came: the file waited for another item's
                // replacement target and is read again; that item is what it was then, STORED (it was told DUPLICATE)
                outcomes.storedBefore(p);
            } else if (stored != null && !samePatient.contains(p)) {
                outcomes.rejected(p, anotherPatients(p.source().content().sha256().equals(stored.sha())), null, p.uid);
            } else if (stored != null) {
                List<String> more = maskedMore(c, p, stored);
                String otherType = otherTypeAsked(c, p, stored);
                if (otherType != null) {
                    // a sender correcting a scan's type resent the same bytes with another sidecar typeCode: archived as a
                    // duplicate, the document stayed filed under the wrong type without a word (round 34, a tester)
                    outcomes.rejected(p, Rejection.of(ReasonCode.VERSION_CONFLICT, "the same document is stored as type "
                            + otherType + ", and this copy is typed " + p.typeCode() + " (its sidecar's typeCode): a resend changes"
                            + " nothing stored; if the stored type is wrong, the sender sends a new version whose sidecar"
                            + " \"replaces\" names the stored document (" + fr.dmp.ingest.domain.InsInText.masked(stored.uid()) + ")"), stored.dossierId(), p.uid);
                } else if (more.isEmpty()) {
                    duplicateOrConflict(p, stored.sha(), stored.dossierId(), outcomes);
                } else {
                    // rules.md R6: a flag is never dropped; a resend asking for one more was archived as a duplicate and
                    // the masking it asked for lost without a word (round 33, a tester)
                    outcomes.rejected(p, asksMoreConfidentiality(more), stored.dossierId(), p.uid);
                }
            } else if (first != null) {
                p.copyOf = first; // the second copy in this chunk is decided after the first is linked and stored
            } else {
                fresh.add(p);
            }
        }
        return fresh;
    }

    /**
     * The stored document's type when a copy of the same bytes with a sidecar typeCode is typed otherwise (its hint, or
     * its content over its hint, as the first copy was: the same hint types the same bytes the same way), else null.
     */
    private String otherTypeAsked(Connection c, PendingDocument p, DocumentRows.Stored stored) throws SQLException {
        if (sidecarType(p) == null || !p.source().content().sha256().equals(stored.sha())) {
            return null;
        }
        String has = documents.typeCode(c, stored.id());
        return has == null || has.equals(p.typeCode()) ? null : has;
    }

    private static String sidecarType(PendingDocument p) {
        return p.source().meta().typeHints().stream().filter(h -> "sidecar:typeCode".equals(h.evidence()))
                .map(h -> h.code() == null ? null : h.code().strip()).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /**
     * The confidentiality codes (other than the normal level N) a copy of a stored document asks for that the stored one
     * lacks; none when the content differs (a conflict anyway) or the copy asks for nothing more.
     */
    private List<String> maskedMore(Connection c, PendingDocument p, DocumentRows.Stored stored) throws SQLException {
        List<String> asked = p.source().meta().confidentiality().stream().filter(code -> !"N".equals(code)).toList();
        if (asked.isEmpty() || !p.source().content().sha256().equals(stored.sha())) {
            return List.of();
        }
        return moreConfidential(asked, documents.confidentiality(c, stored.id()));
    }

    private static Rejection asksMoreConfidentiality(List<String> more) {
        // a level (R, V) is the author's, never a patient's masking: the events feed refuses it (rules.md R6, round 34)
        boolean levelsOnly = more.stream().allMatch(ConfidentialityCodes::isLevel);
        return Rejection.of(ReasonCode.VERSION_CONFLICT, "the same document is stored, and this copy asks for confidentiality"
                + " it lacks (" + String.join(",", more) + "): a resend changes nothing stored; the sender sends a new version"
                + " that replaces it" + (levelsOnly ? "" : ", or the patient's masking is applied on the patient-events feed"));
    }

    /**
     * The codes of {@code asked} that {@code has} lacks: a visibility code it does not carry, or a stricter HL7 level
     * than its own (N before R before V: asking R of a document stored V asks for nothing more, a review).
     */
    static List<String> moreConfidential(List<String> asked, List<String> has) {
        int level = has.stream().filter(ConfidentialityCodes::isLevel).mapToInt(ConfidentialityCodes.HL7_LEVELS::indexOf)
                .max().orElse(0);
        return asked.stream().filter(code -> ConfidentialityCodes.isLevel(code)
                ? ConfidentialityCodes.HL7_LEVELS.indexOf(code) > level : !has.contains(code)).toList();
    }

    /**
     * The same document sent again for another patient is no duplicate: it was archived as one, in the first patient's
     * dossier audit, and never filed for the second (round 26, a tester: a PDF misfiled, then sent for the right
     * patient, was dropped). One of the two is misfiled: identity monitoring decides (reasons.md IDENTITY_MISMATCH).
     */
    private static Rejection anotherPatients(boolean sameContent) {
        // round 28, a tester: a C-CDA export reusing HL7's placeholder document id for another patient's other
        // document was told "the same document"; its id is the same, its content is not, and either it is misfiled
        // (a corrected header changes the bytes) or the sender reuses ids: identity monitoring looks first
        return Rejection.of(ReasonCode.IDENTITY_MISMATCH, sameContent
                ? "the same document is stored in another patient's dossier: one of the two is misfiled"
                : "a document with this id and another content is stored in another patient's dossier: one of the two"
                + " is misfiled, or the sender gives two documents one id");
    }

    /**
     * The documents already stored in the dossier their own INS leads to (a merged dossier leads to the one it was
     * merged into, on both sides): re-sending them for the same patient is a duplicate.
     */
    private static Set<PendingDocument> samePatient(Connection c, List<PendingDocument> pending,
                                                    Map<String, DocumentRows.Stored> existing) throws SQLException {
        List<PendingDocument> stored = pending.stream().filter(p -> existing.containsKey(p.uid)).toList();
        Set<PendingDocument> same = Collections.newSetFromMap(new IdentityHashMap<>());
        if (stored.isEmpty()) {
            return same;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT k.n FROM unnest(?::text[], ?::text[], ?::int8[])"
                + " WITH ORDINALITY AS k(ins, oid, stored, n)"
                + " JOIN dmp.dossier d ON d.ins = k.ins AND d.ins_oid = k.oid"
                + " JOIN dmp.dossier s ON s.id = k.stored"
                + " WHERE coalesce(d.merged_into, d.id) = coalesce(s.merged_into, s.id)")) {
            ps.setArray(1, Sql.text(c, stored, p -> p.doc.ins().matricule()));
            ps.setArray(2, Sql.text(c, stored, p -> p.doc.ins().oid().oid()));
            ps.setArray(3, Sql.int8(c, stored, p -> existing.get(p.uid).dossierId()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    same.add(stored.get(rs.getInt(1) - 1));
                }
            }
        }
        return same;
    }

    /**
     * rules.md R13, one current version per set: two chunks holding versions of the same set (two partitions,
     * or two runs) would both see no current version and both start the set. Each chunk takes its sets'
     * locks, in one order, before it reads them and before any audit row (whose chain lock it then holds).
     * The two-key form keeps these locks apart from the feed and dossier-state locks.
     */
    static void lockSets(Connection c, List<String> setIds) throws SQLException {
        if (setIds.isEmpty()) {
            return;
        }
        long distinct = setIds.stream().distinct().count();
        if (distinct > MAX_SET_LOCKS) {
            // one lock per set of an archive of 12,366 reports ran out of PostgreSQL's lock table (max_locks_per_transaction,
            // "out of shared memory"), failing the feed every night (round 29, a tester): such a transaction takes every
            // set at once, excluding the chunks that hold sets in the shared form below
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(" + ALL_SETS_LOCK_SPACE + ", 0)")) {
                ps.execute();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock_shared(" + ALL_SETS_LOCK_SPACE + ", 0)")) {
            ps.execute();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(pg_advisory_xact_lock(" + SET_LOCK_SPACE
                + ", hashtext(s))) FROM unnest(?::text[]) WITH ORDINALITY AS u(s, n)")) {
            ps.setArray(1, Sql.text(c, setIds));
            ps.execute();
        }
    }

    private static final int SET_LOCK_SPACE = 0x444D53; // "DMS": document sets
    private static final int ALL_SETS_LOCK_SPACE = 0x444D41; // "DMA": every set at once
    /** Above this many sets a transaction locks them all at once: PostgreSQL's lock table holds 64 per connection by default. */
    static final int MAX_SET_LOCKS = 500;

    /** A second copy of a document in the same chunk ends as the first did: a duplicate of it, or refused alike. */
    private void copyOutcome(PendingDocument p, ChunkOutcomes outcomes) {
        PendingDocument first = p.copyOf;
        if (first.deferred) {
            p.deferred = true;
            return;
        }
        ItemOutcome o = outcomes.of(first);
        if (o != null && o.kind() == ItemOutcome.Kind.REJECTED) {
            outcomes.rejected(p, Rejection.of(o.reason(), o.detail()), first.dossierId(), null);
        } else if (!p.doc.ins().matricule().equals(first.doc.ins().matricule())) {
            // the same document id for two patients in one chunk
            outcomes.rejected(p, anotherPatients(p.source().content().sha256().equals(first.source().content().sha256())),
                    null, p.uid);
        } else {
            List<String> more = p.source().content().sha256().equals(first.source().content().sha256())
                    ? moreConfidential(p.source().meta().confidentiality(), first.source().meta().confidentiality()) : List.of();
            if (more.isEmpty()) {
                duplicateOrConflict(p, first.source().content().sha256(), first.dossierId(), outcomes);
            } else {
                // two copies in one chunk, the second asking for more confidentiality (a review: archived as a duplicate)
                outcomes.rejected(p, asksMoreConfidentiality(more), first.dossierId(), p.uid);
            }
        }
    }

    /**
     * The same document id again: a duplicate when the content is the same, else a VERSION_CONFLICT. An id derived
     * from the message's segments (DocumentIds) is the same only for the same message, whatever its line ends.
     */
    private static void duplicateOrConflict(PendingDocument p, String storedSha, Long dossierId, ChunkOutcomes outcomes) {
        if (p.source().content().sha256().equals(storedSha) || DocumentIds.derived(p.source())
                || p.source().format() == fr.dmp.ingest.format.SourceFormat.CDA
                && fr.dmp.ingest.format.cda.CdaReader.MEDIA_TYPE.equals(p.source().content().mediaType()) // the XML itself
                && sameXmlRewritten(p.source().content().bytes(), storedSha)) {
            outcomes.duplicate(p, dossierId);
        } else {
            outcomes.rejected(p, Rejection.of(ReasonCode.VERSION_CONFLICT, "document id already stored with another content"),
                    dossierId, p.uid);
        }
    }

    /**
     * A CDA sent again as a transfer re-wrote it: its line ends (LF and CRLF), a byte-order mark, line ends at its end. The
     * same XML to a parser: a duplicate, not a VERSION_CONFLICT telling the sender to stop reusing ids (round 30, a
     * tester: an FTP in ASCII mode, an interface engine re-serialising on retry). Only these rewritings are looked at.
     */
    static boolean sameXmlRewritten(byte[] bytes, String storedSha) {
        if (bytes == null || bytes.length > 64 << 20) {
            return false;
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1); // byte for byte, whatever the charset
        java.util.Set<String> bodies = new java.util.LinkedHashSet<>();
        String noMark = text.startsWith("\u00EF\u00BB\u00BF") ? text.substring(3) : text; // UTF-8's byte-order mark
        for (String marked : List.of(noMark, "\u00EF\u00BB\u00BF" + noMark)) {
            String lf = marked.replace("\r\n", "\n");
            for (String ends : List.of(lf, lf.replace("\n", "\r\n"))) {
                String trimmed = ends.replaceFirst("[\r\n]+$", "");
                bodies.add(ends);
                bodies.add(trimmed);
                bodies.add(trimmed + (ends.contains("\r\n") ? "\r\n" : "\n"));
            }
        }
        for (String body : bodies) {
            if (fr.dmp.ingest.domain.Sha256.hex(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).equals(storedSha)) {
                return true;
            }
        }
        return false;
    }

    private void insertDocuments(Connection c, List<PendingDocument> linked, ChunkOutcomes outcomes, boolean mayDefer)
            throws SQLException {
        if (linked.isEmpty()) {
            return;
        }
        // new documents of new sets go in bulk; replacements and new versions of a set one by one, in order
        Map<String, DocumentRows.Stored> currentBySet = documents.currentOfSets(c, linked.stream().map(p -> p.setId).distinct().toList());
        Set<String> setsInChunk = new HashSet<>();
        List<PendingDocument> bulk = new ArrayList<>();
        List<PendingDocument> versioned = new ArrayList<>();
        for (PendingDocument p : linked) {
            boolean newSet = !currentBySet.containsKey(p.setId) && setsInChunk.add(p.setId);
            (newSet && !p.explicitReplacement() ? bulk : versioned).add(p);
        }
        bulk = oneOrderOnePatient(c, bulk, versioned, outcomes);
        bulk = notDeletedByThePatient(c, bulk, outcomes);
        List<PendingDocument> stored = new ArrayList<>(insertNew(c, bulk, outcomes));
        for (PendingDocument p : versioned) {
            if (insertVersion(c, p, outcomes, mayDefer)) {
                stored.add(p);
            }
        }
        for (PendingDocument p : stored) {
            outcomes.stored(p);
        }
        // the contents this chunk inserted are its own until it commits: no deletion beside it can drop them (issue 19:
        // holding every content cost PostgreSQL a row lock per document)
        sealed.holdContents(c, sealed.insertContents(c, stored.stream().map(p -> p.source().content()).toList()));
        sealed.insertTexts(c, stored.stream().filter(p -> p.source().content().text() != null)
                .map(p -> new SealedContents.Text(p.id, p.source().content().text())).toList());
        List<ObservationRows.Row> results = new ArrayList<>();
        for (PendingDocument p : stored) {
            for (Observation o : p.source().observations()) {
                results.add(new ObservationRows.Row(p.id, o));
            }
        }
        observations.insert(c, results);
    }

    /**
     * One order number is one patient's (reasons.md VERSION_CONFLICT): a lab report that starts a set of its own (other
     * tests of an order already reported) is refused when the order's reports are another patient's, also one filed by
     * this chunk, as a new version of one of them is by {@link #insertVersion}. A report of an order whose only current
     * report was stored before tests named sets (its set is the order alone, its tests unknown) is that report's next
     * version, as it was then; it joins {@code versioned}.
     */
    private List<PendingDocument> oneOrderOnePatient(Connection c, List<PendingDocument> bulk, List<PendingDocument> versioned,
                                                     ChunkOutcomes outcomes) throws SQLException {
        List<String> orders = bulk.stream().map(p -> DocumentIds.labOrderOf(p.source().meta())).filter(o -> o != null)
                .distinct().toList();
        if (orders.isEmpty()) {
            return bulk;
        }
        Map<String, List<DocumentRows.Stored>> held = documents.currentOfLabOrders(c, orders);
        Map<String, Long> filed = new HashMap<>();
        List<PendingDocument> kept = new ArrayList<>();
        for (PendingDocument p : bulk) {
            String order = DocumentIds.labOrderOf(p.source().meta());
            if (order == null) {
                kept.add(p);
                continue;
            }
            List<DocumentRows.Stored> reports = held.getOrDefault(order, List.of());
            long dossier = p.dossier.id();
            if (reports.stream().anyMatch(r -> r.dossierId() != dossier) || filed.getOrDefault(order, dossier) != dossier) {
                conflict(p, "its order already holds another patient's result", outcomes);
                continue;
            }
            filed.putIfAbsent(order, dossier);
            if (reports.size() == 1 && reports.get(0).setId().equals(order) && !p.setId.equals(order)) {
                p.setId = order;
                versioned.add(p);
            } else {
                kept.add(p);
            }
        }
        return kept;
    }

    /**
     * rules.md R5 with R13: the patient's deletion is about the document, not one version (as a masking is). A new version
     * of a set whose versions the patient deleted (a laboratory's final after its deleted preliminary, round 27) would
     * put the document back, visible to professionals: VERSION_CONFLICT, as a replacement of a deleted document is.
     */
    private static final String DELETED_BY_THE_PATIENT = "the patient deleted the document it is a new version of (rules.md R5)";

    private List<PendingDocument> notDeletedByThePatient(Connection c, List<PendingDocument> bulk, ChunkOutcomes outcomes)
            throws SQLException {
        List<String> sets = bulk.stream().filter(p -> !p.setId.equals(p.uid)).map(p -> p.setId).distinct().toList();
        java.util.Set<String> deleted = documents.setsWithDeleted(c, sets);
        if (deleted.isEmpty()) {
            return bulk;
        }
        List<PendingDocument> kept = new ArrayList<>();
        for (PendingDocument p : bulk) {
            if (!p.setId.equals(p.uid) && deleted.contains(DocumentRows.deletedKey(p.setId, p.dossier.id()))) {
                conflict(p, DELETED_BY_THE_PATIENT, outcomes);
            } else {
                kept.add(p);
            }
        }
        return kept;
    }

    /** Inserts documents; returns those inserted. One another transaction stored meanwhile is a duplicate or a conflict. */
    private List<PendingDocument> insertNew(Connection c, List<PendingDocument> rows, ChunkOutcomes outcomes) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, Long> inserted = documents.insert(c, rows);
        List<PendingDocument> stored = new ArrayList<>();
        List<PendingDocument> raced = new ArrayList<>();
        for (PendingDocument p : rows.stream().sorted((a, b) -> a.uid.compareTo(b.uid)).toList()) {
            Long id = inserted.get(p.uid);
            if (id != null) {
                p.id = id;
                stored.add(p);
            } else {
                raced.add(p);
            }
        }
        if (!raced.isEmpty()) {
            Map<String, DocumentRows.Stored> now = documents.byUid(c, raced.stream().map(p -> p.uid).toList());
            for (PendingDocument p : raced) {
                DocumentRows.Stored s = now.get(p.uid);
                duplicateOrConflict(p, s == null ? null : s.sha(), p.dossierId(), outcomes);
            }
        }
        return stored;
    }

    /**
     * rules.md R13: a new version replaces the current one of its set, which stays stored, marked
     * REPLACED. The target is locked so that two runs cannot both replace it. A target not stored yet
     * may be deferred to the end of the run; one already replaced or deleted is a VERSION_CONFLICT.
     */
    private boolean insertVersion(Connection c, PendingDocument p, ChunkOutcomes outcomes, boolean mayDefer)
            throws SQLException {
        DocumentMeta meta = p.source().meta();
        DocumentRows.Stored target;
        String what;
        if (meta.replacesId() != null) {
            target = documents.lockById(c, meta.replacesId());
            what = "replaced document";
        } else {
            target = documents.lockCurrentOfSet(c, p.setId);
            if (target == null && "C".equals(meta.resultStatus())) {
                target = correctedReport(c, meta);
            }
            what = "C".equals(meta.resultStatus()) ? "the result this correction (status C) corrects" : "current version of its set";
        }
        if (target == null) {
            if (!p.explicitReplacement()) {
                // its set's current version went away meanwhile (deleted by the patient, also by an earlier item of this
                // chunk's file: a review found a second final of one file stored after the deletion): it starts the set again
                if (documents.setsWithDeleted(c, List.of(p.setId)).contains(DocumentRows.deletedKey(p.setId, p.dossier.id()))) {
                    return conflict(p, DELETED_BY_THE_PATIENT, outcomes);
                }
                return !insertNew(c, List.of(p), outcomes).isEmpty();
            }
            if (mayDefer) {
                p.deferred = true; // its target may come later in this drop
                return false;
            }
            return conflict(p, "C".equals(meta.resultStatus()) && meta.replacesId() == null
                    ? LabReportVersions.whyNone(DocumentIds.testsOfSet(DocumentIds.setOf(meta, null)))
                    : what + " is not stored", outcomes);
        }
        if (!"CURRENT".equals(target.status())) {
            return conflict(p, what + " is already " + target.status().toLowerCase(Locale.ROOT), outcomes);
        }
        if (target.dossierId() != p.dossier.id()) {
            return conflict(p, what + " belongs to another dossier", outcomes);
        }
        if (meta.replacesId() != null && meta.setId() != null && !meta.setId().equals(target.setId())) {
            // R13: a CDA that replaces a document states its set (setId); a set other than its target's was dropped and the
            // replacement filed in the target's set, the set it names left with a current version of its own (round 29)
            // a set named by a document's own id was stated by no one (a PDF, an MDM, and the versions that replaced them:
            // an attacker's PDF v2 inherited v1's id as its set, round 29)
            boolean stated = !target.setId().equals(target.uid())
                    && documents.byUid(c, List.of(target.setId())).isEmpty();
            if (stated) {
                return conflict(p, "it states another set (CDA setId) than the document it replaces", outcomes);
            }
            // a target that stated no set (its set is its own id: a PDF, an MDM) passes on to the set the replacement states,
            // unless that set has a current version of its own
            if (documents.lockCurrentOfSet(c, meta.setId()) != null) {
                return conflict(p, "the set it states (CDA setId) already has a current version, other than the document"
                        + " it replaces", outcomes);
            }
        }
        if (meta.version() != null && target.version() != null && meta.version() <= target.version()) {
            return conflict(p, "version " + meta.version() + " is not after the current " + target.version(), outcomes);
        }
        boolean labReport = DocumentIds.labOrderOf(meta) != null;
        if (!p.explicitReplacement() && !labReport) {
            // a set id stated again (a CDA setId, also one an MDM or ORU carries) without RPLC, T10 or replaces: only a later
            // version number, never an older document, makes it the next version. Producers reuse placeholder setIds
            // (eHDSI "2.999^111"): a 2018 prescription replaced one of 2022, by arrival order (round 27, a tester)
            if (meta.version() == null || target.version() == null) {
                // the detail says which number is missing and what an addendum needs: "carries no later version number" was
                // said of a version 3 whose current version has none, and of an addendum whose number is never read (round 36)
                return conflict(p, "its set already has a current version, and it does not say it replaces it (CDA"
                        + " relatedDocument RPLC, MDM T10); " + (meta.version() == null ? "it carries no version number"
                        : "the current version carries no version number to compare its " + meta.version() + " with")
                        + " (an addendum, APND, or a transformation, XFRM, is a document of its own: it needs a set of its own)",
                        outcomes);
            }
            if (meta.creationTime() != null && target.created() != null && meta.creationTime().isBefore(target.created())) {
                return conflict(p, "version " + meta.version() + " was written before the current version "
                        + target.version() + ": an older document", outcomes);
            }
        }
        if (labReport) {
            java.util.Optional<String> older = LabReportVersions.olderThanCurrent(meta.creationTime(), meta.resultStatus(),
                    meta.messageTime(), target.created(), target.resultStatus(), target.messageTime());
            if (older.isPresent()) {
                return conflict(p, older.get(), outcomes);
            }
            long targetId = target.id();
            java.util.Optional<String> leftOut = LabReportVersions.resultsLeftOut(
                    DocumentIds.testsOfSet(DocumentIds.setOf(meta, null)), DocumentIds.testsOfSet(target.setId()),
                    () -> documents.resultTests(c, targetId), p.source().observations());
            if (leftOut.isPresent()) {
                return conflict(p, leftOut.get(), outcomes);
            }
            if (p.source().flags().contains(fr.dmp.ingest.format.SourceDocument.RESULT_DELETED)) {
                // a review, round 33: a result its sender deletes (OBX-11 D) left out of a new version left the record by
                // the sender's message, which dmp-ingest never obeys (reasons.md FORMAT_UNSUPPORTED)
                return conflict(p, "a new version of a stored report from which a result its sender deletes (OBX-11 D) is"
                        + " left out: dmp-ingest does not delete on a sender's message; the result stays until deleted through"
                        + " the dossier's events, or the sender resends the report without the D result", outcomes);
            }
        }
        // R5, R13: the author's new version does not undo the patient's masking of the one it replaces
        List<String> versions = PatientMaskings.versions(c, target.uid(), target.dossierId());
        p.keptMaskings = MaskingRule.keptOnReplacement(documents.confidentiality(c, target.id()), versions,
                PatientMaskings.applied(c, versions, null, true));
        documents.markReplaced(c, target.id(), "replaced by " + p.uid + (p.keptMaskings.isEmpty() ? ""
                : "; the patient's masking kept: " + String.join(",", p.keptMaskings))); // audited in the same call (V16)
        // the set the replacement states, when it states one (checked above), else its target's (a review, round 29: the
        // stated set was dropped, and the next version stating it refused)
        p.setId = meta.replacesId() != null && meta.setId() != null ? meta.setId() : target.setId();
        p.replacesId = target.id();
        return !insertNew(c, List.of(p), outcomes).isEmpty();
    }

    /** The report of its order a correction corrects when none has exactly its tests ({@link LabReportVersions}), locked. */
    private DocumentRows.Stored correctedReport(Connection c, DocumentMeta meta) throws SQLException {
        String order = DocumentIds.labOrderOf(meta);
        if (order == null) {
            return null;
        }
        // a report stored before V43 has the order alone as its set, and V43 recorded its order: found here too
        List<DocumentRows.Stored> current = documents.lockCurrentOfLabOrder(c, order);
        return LabReportVersions.correctionTarget(current, s -> DocumentIds.testsOfSet(s.setId()),
                DocumentIds.testsOfSet(DocumentIds.setOf(meta, null)));
    }

    private static boolean conflict(PendingDocument p, String why, ChunkOutcomes outcomes) {
        outcomes.rejected(p, Rejection.of(ReasonCode.VERSION_CONFLICT, why), p.dossierId(), p.uid);
        return false;
    }
}
