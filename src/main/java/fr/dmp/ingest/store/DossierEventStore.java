package fr.dmp.ingest.store;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.InsOid;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Sha256;
import fr.dmp.ingest.domain.Traits;
import fr.dmp.ingest.format.events.DossierEvent;
import fr.dmp.ingest.format.events.EventItem;
import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.intake.Disposition.ItemOutcome;
import fr.dmp.ingest.link.DeletionRule;
import fr.dmp.ingest.link.DossierLifecycle;
import fr.dmp.ingest.link.DossierStatus;
import fr.dmp.ingest.link.EmergencyAccessRule;
import fr.dmp.ingest.link.EventDecision;
import fr.dmp.ingest.link.EventIdentity;
import fr.dmp.ingest.link.IdentityUpdate;
import fr.dmp.ingest.link.MaskingRule;
import fr.dmp.ingest.link.MergeRule;
import fr.dmp.ingest.link.OppositionRule;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The patient-events feed in the store: events are first recorded (one row per event, a second copy of
 * the same event is a duplicate), then applied one by one in the order of their time, under an
 * exclusive lock against document feeds (rules.md R3, R4, R5, R6, R9, R12; every change audited, R7).
 */
public final class DossierEventStore {

    /** Advisory lock key: events take it exclusively, document chunks shared (see DocumentStore). */
    public static final long DOSSIER_STATE_LOCK = 0x444D50_5354L; // "DMP" "ST"

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DossierEventStore.class);

    private final RunInfo run;
    /** Whether an event locks its dossier's row; not when a document chunk applies it to a document it just stored. */
    private final boolean lockingDossiers;
    /** The documents the chunk applying these events just stored (none in the events step). */
    private final java.util.Set<String> storedInTheChunk;

    public DossierEventStore(RunInfo run) {
        this(run, true, java.util.Set.of());
    }

    private DossierEventStore(RunInfo run, boolean lockingDossiers, java.util.Set<String> storedInTheChunk) {
        this.run = run;
        this.lockingDossiers = lockingDossiers;
        this.storedInTheChunk = storedInTheChunk;
    }

    // ---- record ------------------------------------------------------------------------------------

    public List<Disposition> record(Connection c, List<EventFileWork> files) throws SQLException {
        Instant now = run.clock().instant();
        List<Disposition> out = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO dmp.dossier_event (event_key, ins, ins_oid, kind, at,"
                + " detail, feed, claim_token, job_execution_id, identity_status, birth_name, first_names, sex, birth_date,"
                + " birth_place, birth_date_precision, first_names_written_out, sender_finess)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_key) DO NOTHING")) {
            for (EventFileWork f : files) {
                List<ItemOutcome> items = new ArrayList<>();
                for (EventItem item : f.items()) {
                    if (item instanceof EventItem.Invalid inv) {
                        items.add(ItemOutcome.rejected(inv.index(), inv.rejection().reason(), inv.rejection().detail()));
                        continue;
                    }
                    DossierEvent e = ((EventItem.Valid) item).event();
                    insert.setString(1, key(e));
                    insert.setString(2, e.ins().matricule());
                    insert.setString(3, e.ins().oid().oid());
                    insert.setString(4, e.kind().key());
                    insert.setTimestamp(5, Timestamp.from(e.at()));
                    insert.setString(6, storedDetail(e));
                    insert.setString(7, run.feed());
                    insert.setString(8, f.file().token());
                    insert.setLong(9, run.jobExecutionId());
                    // ins.md: the traits and status the source gave, compared with the dossier's when the event applies
                    Traits t = e.traits();
                    insert.setString(10, e.statedStatus());
                    insert.setString(11, t.birthName());
                    insert.setArray(12, t.firstNames().isEmpty() ? null : c.createArrayOf("text", t.firstNames().toArray()));
                    insert.setString(13, t.sex() == null ? null : t.sex().name());
                    insert.setDate(14, t.birthDate() == null ? null : Date.valueOf(t.birthDate().earliest()));
                    insert.setString(15, t.birthPlace());
                    insert.setString(16, DossierRepository.birthDatePrecision(t.birthDate()));
                    insert.setBoolean(17, t.firstNamesWrittenOut());
                    insert.setString(18, run.senderFiness());
                    String type = "event:" + e.kind().key();
                    items.add(insert.executeUpdate() == 1 ? ItemOutcome.stored(item.index(), type) : ItemOutcome.duplicate(item.index(), type));
                }
                out.add(new Disposition(f.file().token(), run.feed(), f.file().originalName(),
                        f.file().hasCompanion() ? f.file().companionName() : null, f.sha256(), f.size(),
                        Disposition.outcomeOf(items), items, run.jobExecutionId(), now));
            }
        }
        new DecisionRows(run).recordWithAudit(c, out);
        return out;
    }

    /**
     * A masking event's detail as link.MaskingRule reads it ({@code <document id>;<code>}), so that the look-up of a
     * document's maskings by id (V33's index, store/PatientMaskings) finds exactly the events the rule says name it,
     * whatever spaces the source put around the id.
     */
    static String storedDetail(DossierEvent e) {
        if ((e.kind() == DossierEvent.Kind.MASK || e.kind() == DossierEvent.Kind.UNMASK) && e.detail() != null) {
            MaskingRule.Target t = MaskingRule.target(e.detail());
            return t.documentUid() + ";" + t.code();
        }
        return e.detail();
    }

    /**
     * The same event (patient, kind, time, detail, and the traits its source gave) always has the same key: a
     * second copy changes nothing. An event without traits keys as before they were kept.
     */
    static String key(DossierEvent e) {
        String s = String.join("|", e.ins().matricule(), e.ins().oid().oid(), e.kind().key(), e.at().toString(),
                e.detail() == null ? "" : e.detail());
        Traits t = e.traits();
        if (!t.isNone() || e.statedStatus() != null) {
            // U+001F between first names: a first name may hold a space, so no space-joined string (ins.md)
            s += "|" + String.join("|", nz(e.statedStatus()), nz(t.birthName()), String.join("\u001F", t.firstNames()),
                    t.sex() == null ? "" : t.sex().name(), t.birthDate() == null ? "" : t.birthDate().toString(), nz(t.birthPlace()));
        }
        return Sha256.hex(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    // ---- apply -------------------------------------------------------------------------------------

    /** The last event a pass over the pending events looked at, in their order {@code (at, id)}. */
    public record Cursor(Instant at, long id) {
    }

    /**
     * What one call handled: events looked at, those still waiting (for their dossier, or of those for the document they
     * name), refused, and where to go on from.
     */
    public record Pass(int handled, int waiting, int waitingForDocument, int refused, int superseded, Cursor last) {
    }

    /**
     * Applies up to {@code limit} pending events after {@code after} (null: from the oldest), in the order
     * of their time. An event whose dossier is not known yet stays pending for a later run (a document may
     * open it); an event the database refuses is refused alone, the others still apply.
     */
    public Pass applyPending(Connection c, int limit, Cursor after) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, DOSSIER_STATE_LOCK);
            lock.execute();
        }
        List<Pending> pending = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM dmp.dossier_event"
                + " WHERE state = 'PENDING'" + (after == null ? "" : " AND (at, id) > (?, ?)") + " ORDER BY at, id LIMIT ?")) {
            int i = 1;
            if (after != null) {
                ps.setTimestamp(i++, Timestamp.from(after.at()));
                ps.setLong(i++, after.id());
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pending.add(Pending.of(rs));
                }
            }
        }
        Counts counts = applyAll(c, pending);
        Cursor last = pending.isEmpty() ? after
                : new Cursor(pending.get(pending.size() - 1).event().at(), pending.get(pending.size() - 1).id());
        return new Pass(pending.size(), counts.waiting(), counts.waitingForDocument(), counts.refused(), counts.superseded(), last);
    }

    /**
     * Applies the events that waited for these dossiers, just opened by a document feed in the same
     * transaction, before its documents are linked (rules.md R4, R9: a death or an opposition sent before
     * the first document still holds for it). Returns how many applied.
     */
    public int applyWaiting(Connection c, Collection<Ins> opened, SqlAction beforeApplying) throws SQLException {
        if (opened.isEmpty()) {
            return 0;
        }
        List<Pending> pending = new ArrayList<>();
        List<RunInfo> recordedBy = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS + ", feed, job_execution_id, sender_finess"
                + " FROM dmp.dossier_event WHERE state = 'PENDING' AND ins = ANY (?) AND kind = ANY (?) ORDER BY at, id")) {
            ps.setArray(1, c.createArrayOf("text", opened.stream().map(Ins::matricule).distinct().toArray()));
            ps.setArray(2, c.createArrayOf("text", java.util.stream.Stream.concat(APPLIED_WITH_A_NEW_DOSSIER.stream(),
                    java.util.stream.Stream.of(DossierEvent.Kind.MERGE)).map(DossierEvent.Kind::key).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Pending p = Pending.of(rs);
                    if (opened.contains(p.event().ins())) {
                        pending.add(p);
                        // audited as the events feed's action (R7), not the document feed's, with its FINESS
                        recordedBy.add(new RunInfo(rs.getString("feed"), rs.getString("sender_finess"),
                                rs.getLong("job_execution_id"), run.clock()));
                    }
                }
            }
        }
        if (pending.isEmpty()) {
            return 0;
        }
        beforeApplying.run();
        int waiting = 0;
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).event().kind() == DossierEvent.Kind.MERGE) {
                // the merge itself waits for the events step; rights it carried count as applied (the caller reads the
                // dossier again)
                waiting += new DossierEventStore(recordedBy.get(i)).carryMergedRights(c, pending.get(i).event()) ? 0 : 1;
                continue;
            }
            waiting += new DossierEventStore(recordedBy.get(i)).applyAll(c, List.of(pending.get(i))).waiting();
        }
        return pending.size() - waiting;
    }

    /**
     * rules.md R1 with R3, R4, R9, R12: a merge into a dossier that did not exist waits for the events step (it moves
     * another dossier's documents, which only that step's exclusive lock allows), but the rights it will bring hold from
     * the dossier's opening: the merged dossier's opposition, closing or death and break-glass opposition go onto the
     * new dossier before its first documents link, as the merge will put them. A document past the merged identity's
     * opposition was stored while the merge waited (round 27, a tester). Read without locking the merged dossier.
     */
    private boolean carryMergedRights(Connection c, DossierEvent e) throws SQLException {
        Row surviving = dossierRow(c, e.ins(), true);
        Row merged;
        try {
            merged = dossierRow(c, MergeRule.mergedIns(e), false);
        } catch (RuntimeException malformed) {
            return false; // the events step refuses it
        }
        if (surviving == null || merged == null || EventIdentity.check(e, surviving.id(), surviving.traits()).isPresent()) {
            return false;
        }
        if (!(MergeRule.decide(e, side(c, surviving), side(c, merged)) instanceof MergeRule.Apply a)) {
            return false;
        }
        String from = "from dossier " + a.merged() + ", whose merge into this one waits";
        if (a.state() != null) {
            writeState(c, a.surviving(), a.state(), a.stateAudit(), from, e);
        }
        for (MergeRule.TakenOpposition o : a.oppositions()) {
            writeOpposition(c, a.surviving(), o.source(), true, o.changedAt(), "source " + o.source() + ", " + from, e);
        }
        if (a.takesEmergencyOpposition()) {
            writeEmergencyAccess(c, a.surviving(), true, "opposed, " + from, e);
        }
        return a.state() != null || !a.oppositions().isEmpty() || a.takesEmergencyOpposition();
    }

    /**
     * The events a document chunk applies to a dossier it just opened: its state, the patient's
     * oppositions, its identity. A merge, a masking or a deletion (which name other dossiers or
     * documents) wait for the events step, which holds the exclusive lock.
     */
    static final List<DossierEvent.Kind> APPLIED_WITH_A_NEW_DOSSIER = List.of(DossierEvent.Kind.CLOSE,
            DossierEvent.Kind.REOPEN, DossierEvent.Kind.DEATH, DossierEvent.Kind.OPPOSE, DossierEvent.Kind.WITHDRAW_OPPOSITION,
            DossierEvent.Kind.EMERGENCY_OPPOSITION, DossierEvent.Kind.EMERGENCY_AUTHORISATION, DossierEvent.Kind.IDENTITY);

    /**
     * rules.md R5: the maskings, unmaskings and deletions that waited for these documents, just stored by a document chunk,
     * apply in the same transaction, in the order of their time: a masking sent the same night as its document (the
     * events feed runs first) left it stored visible, a deletion left it stored (round 29's left item). Each event is
     * audited as its events feed's action. The dossier rows are read without locking: only this chunk holds these new
     * documents (their sets are locked), and an events step, which locks dossiers, cannot run beside it; the content rows
     * they may share with a chunk beside it are held by that chunk until it commits (V49, drop_documents waits). Returns
     * how many applied.
     */
    public int applyWaitingForDocuments(Connection c, Collection<String> storedUids) throws SQLException {
        return applyWaitingForDocuments(c, storedUids, null);
    }

    /** The same, only for events of this time or before ({@code upTo}; null: any time). */
    private int applyWaitingForDocuments(Connection c, Collection<String> storedUids, Instant upTo) throws SQLException {
        if (storedUids.isEmpty()) {
            return 0;
        }
        List<Pending> pending = new ArrayList<>();
        List<RunInfo> recordedBy = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS + ", feed, job_execution_id, sender_finess"
                + " FROM dmp.dossier_event WHERE (btrim(split_part(translate(detail, '|', ';'), ';', 1)) = ANY (?)"
                // V49's partial indexes, whose predicates these repeat word for word; a deletion's detail is the whole id
                // (an id holding ';' or '|' waited for the next events run: round 30, an attacker)
                + " AND state = 'PENDING' AND kind IN ('mask', 'unmask', 'delete-document'))"
                + " OR (btrim(detail) = ANY (?) AND state = 'PENDING' AND kind = 'delete-document')"
                + (upTo == null ? "" : " AND at <= ?") + " ORDER BY at, id")) {
            ps.setArray(1, c.createArrayOf("text", storedUids.stream().distinct().toArray()));
            ps.setArray(2, c.createArrayOf("text", storedUids.stream().distinct().toArray()));
            if (upTo != null) {
                ps.setTimestamp(3, Timestamp.from(upTo));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pending.add(Pending.of(rs));
                    recordedBy.add(new RunInfo(rs.getString("feed"), rs.getString("sender_finess"),
                            rs.getLong("job_execution_id"), run.clock()));
                }
            }
        }
        int applied = 0;
        java.util.Set<String> stored = java.util.Set.copyOf(storedUids);
        for (int i = 0; i < pending.size(); i++) {
            Counts counts = new DossierEventStore(recordedBy.get(i), false, stored).applyAll(c, List.of(pending.get(i)));
            applied += counts.waiting() == 0 ? 1 : 0;
        }
        return applied;
    }

    /**
     * How many of a batch's events still wait (for their dossier, or of those for the document they name), and how many
     * were refused.
     */
    record Counts(int waiting, int waitingForDocument, int refused, int superseded) {
    }

    /** Applies events in the given order, each alone. */
    private Counts applyAll(Connection c, List<Pending> pending) throws SQLException {
        int waiting = 0;
        int waitingForDocument = 0;
        int refused = 0;
        int superseded = 0;
        for (Pending p : pending) {
            Savepoint before = c.setSavepoint();
            Result r;
            try {
                r = apply(c, p.event());
                c.releaseSavepoint(before);
            } catch (SQLException e) {
                if (Transience.isTransient(e)) {
                    throw e; // the database is gone: the pass fails, the next run resumes it
                }
                c.rollback(before);
                r = Result.refused("refused by the store (SQLState " + e.getSQLState() + ")");
            } catch (RuntimeException e) {
                c.rollback(before); // a malformed event: refused alone, the others still apply
                r = Result.refused("cannot be applied (" + e.getClass().getSimpleName() + ")");
            }
            if (r.state().equals(WAITING)) {
                waiting++;
                if (EventDecision.Waiting.WAITING_FOR_DOCUMENT.equals(r.outcome())) {
                    waitingForDocument++;
                }
            }
            Result decided = r; // for the audit's lambdas
            if (r.state().equals("REFUSED") || r.state().equals("SUPERSEDED")) {
                // a superseded event is in the patient's history too (R7): it left no row, and the run counted it applied
                // (round 31, a tester)
                refused += r.state().equals("REFUSED") ? 1 : 0;
                superseded += r.state().equals("SUPERSEDED") ? 1 : 0;
                auditAlone(c, "refused dossier event {} not audited (SQLState {})", p.id(), () -> auditRefusal(c, p.id(),
                        p.event(), decided.outcome(), decided.state().equals("REFUSED") ? "refused" : "superseded"));
            }
            if (r.state().equals("APPLIED") && r.outcome() != null && r.outcome().startsWith("no change")
                    && LEAVES_A_ROW_UNCHANGED.contains(p.event().kind())) {
                // round 35, a tester: a reopening of an open dossier, a withdrawal with nothing to withdraw left no row, and a
                // later older closing or opposition was "superseded" by a change the trail did not show (R3, R7, R9)
                auditAlone(c, "dossier event {} that changed nothing not audited (SQLState {})", p.id(), () -> {
                    Row dossier = lockDossier(c, p.event().ins());
                    if (dossier != null) {
                        new DecisionRows(run).insertAudit(c, List.of(new AuditRow("UNCHANGED", dossier.id(),
                                namedDocument(p.event()), null, p.event().kind().key() + " event " + p.id() + " applied, "
                                + decided.outcome())));
                    }
                });
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE dmp.dossier_event SET state = ?, outcome = ?, detail = coalesce(?, detail), applied_at = now() WHERE id = ?")) {
                ps.setString(1, r.state());
                ps.setString(2, r.outcome());
                ps.setString(3, r.detail());
                ps.setLong(4, p.id());
                ps.executeUpdate();
            }
        }
        return new Counts(waiting, waitingForDocument, refused, superseded);
    }

    /** An audit row's writing, which may fail on the database. */
    private interface AuditWrite {
        void write() throws SQLException;
    }

    /**
     * Writes an event's audit row in a savepoint of its own: the event's state stays on its row, and a trail that cannot
     * take the row must not stop every later run (logged, the event's id only); a lost connection fails the pass.
     */
    private static void auditAlone(Connection c, String logLine, long eventId, AuditWrite write) throws SQLException {
        Savepoint audit = c.setSavepoint();
        try {
            write.write();
            c.releaseSavepoint(audit);
        } catch (SQLException e) {
            if (Transience.isTransient(e)) {
                throw e;
            }
            c.rollback(audit);
            log.warn(logLine, eventId, e.getSQLState());
        }
    }

    /**
     * A refused event in its dossier's history (rules.md R7), so that {@code audit --ins} shows it: round 16's tester found
     * a qualified identity update refused IDENTITY_MISMATCH in the events table only. The reason is the refusal's code
     * when it starts with one; the detail names the event's kind, its id (what {@code dossier correct-identity} takes)
     * and why, never a trait's value.
     */
    private void auditRefusal(Connection c, long eventId, DossierEvent e, String why, String ended) throws SQLException {
        Row dossier = lockDossier(c, e.ins());
        if (dossier == null) {
            return;
        }
        String reason = null;
        String detail = why == null ? "" : why;
        for (ReasonCode code : ReasonCode.values()) {
            if (detail.startsWith(code.name() + ": ")) {
                reason = code.name();
                detail = detail.substring(code.name().length() + 2);
                break;
            }
        }
        new DecisionRows(run).insertAudit(c, List.of(new AuditRow("REJECTED", dossier.id(), namedDocument(e), reason,
                e.kind().key() + " event " + eventId + " " + ended + ": " + detail)));
    }

    /**
     * The document a masking, unmasking or deletion names: its refusal's audit row names it too, so that the patient's
     * own view hides it with the document when the document is hidden from the patient (INVISIBLE_PATIENT): "unmask
     * refused: the INVISIBLE_PATIENT flag came with the document" told the patient a document was withheld (round 27).
     */
    private static String namedDocument(DossierEvent e) {
        if (e.detail() == null || e.detail().isBlank()) {
            return null;
        }
        return switch (e.kind()) {
            case MASK, UNMASK, DELETE_DOCUMENT -> fr.dmp.ingest.link.MaskingRule.target(e.detail()).documentUid();
            default -> null;
        };
    }

    /** Work to do in the same transaction before waiting events apply, only when there are some. */
    @FunctionalInterface
    public interface SqlAction {
        void run() throws SQLException;
    }

    /** The state of an event whose dossier is not known yet: still pending. */
    static final String WAITING = "PENDING";

    /** The columns {@link Pending#of} reads. */
    static final String EVENT_COLUMNS = "id, ins, ins_oid, kind, at, detail, identity_status, birth_name, first_names,"
            + " first_names_written_out, sex, birth_date, birth_date_precision, birth_place";

    private record Pending(long id, DossierEvent event) {
        /** The event of a row of {@code dmp.dossier_event} ({@link #EVENT_COLUMNS}). */
        static Pending of(ResultSet rs) throws SQLException {
            Ins ins = new Ins(rs.getString("ins"), InsOid.fromOid(rs.getString("ins_oid")).orElseThrow());
            return new Pending(rs.getLong("id"), new DossierEvent(ins, DossierEvent.Kind.fromKey(rs.getString("kind")).orElseThrow(),
                    rs.getTimestamp("at").toInstant(), rs.getString("detail"), traits(rs), rs.getString("identity_status")));
        }
    }

    private static Traits traits(ResultSet rs) throws SQLException {
        return DossierRepository.traits(rs); // the same columns on dossier and event rows
    }

    /**
     * The events whose "no change" is in the dossier's history (UNCHANGED): the patient's and the dossier's own choices,
     * which supersede older ones. An identity update that changes nothing (every visit's A08) or an emergency-access
     * message repeated is not: the trail would fill with them.
     */
    private static final java.util.Set<DossierEvent.Kind> LEAVES_A_ROW_UNCHANGED = java.util.EnumSet.of(DossierEvent.Kind.CLOSE,
            DossierEvent.Kind.REOPEN, DossierEvent.Kind.DEATH, DossierEvent.Kind.ANNUL_DEATH, DossierEvent.Kind.OPPOSE,
            DossierEvent.Kind.WITHDRAW_OPPOSITION, DossierEvent.Kind.MASK, DossierEvent.Kind.UNMASK,
            DossierEvent.Kind.DELETE_DOCUMENT, DossierEvent.Kind.DELETE_DOSSIER);

    /** How an event ended: APPLIED (with or without change), SUPERSEDED or REFUSED, and why. */
    record Result(String state, String outcome, String detail) {
        /** A result that leaves the event's stored detail as it is. */
        Result(String state, String outcome) {
            this(state, outcome, null);
        }

        static Result applied(String outcome) {
            return new Result("APPLIED", outcome);
        }

        static Result refused(String why) {
            return new Result("REFUSED", why);
        }

        /** The event's state for a rule's decision other than an {@link EventDecision.Apply}. */
        static Result of(EventDecision d) {
            if (d instanceof EventDecision.NoChange n) {
                return applied(n.outcome());
            }
            if (d instanceof EventDecision.Superseded s) {
                return new Result("SUPERSEDED", s.why());
            }
            if (d instanceof EventDecision.Refuse r) {
                return refused(r.why());
            }
            if (d instanceof EventDecision.Waiting w) {
                return new Result(WAITING, w.why());
            }
            throw new IllegalArgumentException("an Apply is written by its event's method");
        }
    }

    /** The dossier an event is about, locked; a merged dossier leads to the one it was merged into. */
    private record Row(long id, DossierLifecycle.State state, boolean emergencyAccessOpposed, Traits traits) {
    }

    private Row lockDossier(Connection c, Ins ins) throws SQLException {
        return dossierRow(c, ins, lockingDossiers);
    }

    private Row dossierRow(Connection c, Ins ins, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT d2.id, d2.status, d2.state_changed_at, d2.retention_until,"
                + " d2.closed_at, d2.deceased_at, d2.emergency_access_opposed, d2.birth_name, d2.first_names, d2.first_names_written_out, d2.sex,"
                + " d2.birth_date, d2.birth_date_precision, d2.birth_place FROM dmp.dossier d JOIN dmp.dossier d2 ON d2.id = coalesce(d.merged_into, d.id)"
                + " WHERE d.ins = ? AND d.ins_oid = ?" + (lock ? " FOR UPDATE OF d2" : ""))) {
            ps.setString(1, ins.matricule());
            ps.setString(2, ins.oid().oid());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Date retention = rs.getDate("retention_until");
                return new Row(rs.getLong("id"), new DossierLifecycle.State(DossierStatus.valueOf(rs.getString("status")),
                        instant(rs.getTimestamp("state_changed_at")), retention == null ? null : retention.toLocalDate(),
                        instant(rs.getTimestamp("closed_at")), instant(rs.getTimestamp("deceased_at"))),
                        rs.getBoolean("emergency_access_opposed"), traits(rs));
            }
        }
    }

    private Result apply(Connection c, DossierEvent e) throws SQLException {
        Row dossier = lockDossier(c, e.ins());
        if (dossier == null) {
            // rules.md R4, R9: a death or an opposition sent before the first document is kept, not dropped
            return new Result(WAITING, "waiting for the dossier of INS " + e.ins().masked());
        }
        var mismatch = EventIdentity.check(e, dossier.id(), dossier.traits());
        if (mismatch.isPresent()) {
            return Result.of(mismatch.get()); // ins.md: held to the identity rules a document is
        }
        return switch (e.kind()) {
            case CLOSE -> state(c, dossier, DossierLifecycle.close(lastClosingOrReopening(c, dossier), e.at(), run.clock().instant()), e);
            case REOPEN -> state(c, dossier, DossierLifecycle.reopen(lastClosingOrReopening(c, dossier), e.at()), e);
            case DEATH -> state(c, dossier, DossierLifecycle.death(dossier.state(), e.at(), lastAnnulment(c, dossier.id()),
                    dossier.traits().birthDate(), run.clock().instant()), e);
            case ANNUL_DEATH -> state(c, dossier, DossierLifecycle.annulDeath(dossier.state(), e.at()), e);
            case DELETE_DOSSIER -> deleteDossier(c, dossier, e);
            case OPPOSE, WITHDRAW_OPPOSITION -> opposition(c, dossier, e);
            case EMERGENCY_OPPOSITION, EMERGENCY_AUTHORISATION -> emergency(c, dossier, e);
            case MASK, UNMASK -> mask(c, dossier, e);
            case DELETE_DOCUMENT -> delete(c, dossier, e);
            case IDENTITY -> identity(c, dossier, e);
            case MERGE -> merge(c, dossier, e);
        };
    }

    /**
     * The dossier's state, its last change taken as the newest close or reopen event applied to it, one that changed
     * nothing too: a reopening of an open dossier, then (in a later run) an older closing, closed it (round 27, a tester:
     * events apply in the order of their time, also across runs; rules.md R3).
     */
    private static DossierLifecycle.State lastClosingOrReopening(Connection c, Row dossier) throws SQLException {
        Instant newest = newestApplied(c, dossier.id(), List.of(DossierEvent.Kind.CLOSE, DossierEvent.Kind.REOPEN), null);
        DossierLifecycle.State s = dossier.state();
        if (newest == null || (s.stateChangedAt() != null && !newest.isAfter(s.stateChangedAt()))) {
            return s;
        }
        return new DossierLifecycle.State(s.status(), newest, s.retentionUntil(), s.closedAt(), s.deceasedAt());
    }

    /**
     * The time of the newest event of these kinds applied to the dossier (under any INS merged into it), whether it
     * changed something or not; for oppositions, of this source ({@code *}: all). Null when none.
     */
    private static Instant newestApplied(Connection c, long dossierId, List<DossierEvent.Kind> kinds, String source)
            throws SQLException {
        // V46: the dossier's identities by its key and merged_into, then each one's applied events by index
        try (PreparedStatement ps = c.prepareStatement("SELECT max(e.at) FROM dmp.dossier d"
                + " JOIN dmp.dossier_event e ON e.ins = d.ins AND e.ins_oid = d.ins_oid"
                + " WHERE (d.id = ? OR d.merged_into = ?) AND e.state = 'APPLIED' AND e.kind = ANY (?)"
                + " AND (?::text IS NULL OR coalesce(nullif(btrim(e.detail), ''), '" + fr.dmp.ingest.link.Dossier.ALL_SOURCES
                + "') = ?::text)")) {
            ps.setLong(1, dossierId);
            ps.setLong(2, dossierId);
            ps.setArray(3, c.createArrayOf("text", kinds.stream().map(DossierEvent.Kind::key).toArray()));
            ps.setString(4, source);
            ps.setString(5, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return instant(rs.getTimestamp(1));
            }
        }
    }

    private Result state(Connection c, Row dossier, DossierLifecycle.Transition t, DossierEvent e) throws SQLException {
        if (t instanceof DossierLifecycle.Superseded) {
            return new Result("SUPERSEDED", "older than the dossier's last change of state");
        }
        if (t instanceof DossierLifecycle.NoChange n) {
            return Result.applied("no change: " + n.why());
        }
        if (t instanceof DossierLifecycle.Refused r) {
            return Result.refused(r.why());
        }
        DossierLifecycle.Change change = (DossierLifecycle.Change) t;
        DossierLifecycle.State s = change.state();
        writeState(c, dossier.id(), s, change.audit(), s.retentionUntil() == null || s.status() == DossierStatus.OPEN
                ? null : "kept until " + s.retentionUntil(), e);
        return Result.applied(change.audit().toLowerCase(Locale.ROOT));
    }

    /** The dossier's new state and its audit row, in one call of the store's function (V16: R3, R4, R7). */
    private void writeState(Connection c, long dossierId, DossierLifecycle.State s, String action, String detail, DossierEvent e)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT dmp.change_dossier_state(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, dossierId);
            ps.setString(2, s.status().name());
            ps.setTimestamp(3, timestamp(s.stateChangedAt()));
            ps.setDate(4, s.retentionUntil() == null ? null : Date.valueOf(s.retentionUntil()));
            ps.setTimestamp(5, timestamp(s.closedAt()));
            ps.setTimestamp(6, timestamp(s.deceasedAt()));
            ps.setString(7, action);
            runAndEvent(ps, 8, detail, e);
            ps.executeQuery().close();
        }
    }

    /** Sets feed, sender, job, detail and the event's time from {@code i} on: the tail every state function takes. */
    private void runAndEvent(PreparedStatement ps, int i, String detail, DossierEvent e) throws SQLException {
        ps.setString(i, run.feed());
        ps.setString(i + 1, run.senderFiness());
        ps.setLong(i + 2, run.jobExecutionId());
        ps.setString(i + 3, detail);
        ps.setTimestamp(i + 4, Timestamp.from(e.at()));
    }

    /** How many documents of a dossier (in any state, or only those not deleted) its functions will state in the audit. */
    private static int countDocuments(Connection c, long dossierId, boolean notDeletedOnly) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM dmp.document WHERE dossier_id = ?"
                + (notDeletedOnly ? " AND status <> 'DELETED'" : ""))) {
            ps.setLong(1, dossierId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The time of the newest death annulment applied to this dossier (or to one merged into it), or null. */
    private static Instant lastAnnulment(Connection c, long dossierId) throws SQLException {
        // read from the events, not the audit trail: the job's role never reads the audit back (R10)
        try (PreparedStatement ps = c.prepareStatement("SELECT max(e.at) FROM dmp.dossier_event e JOIN dmp.dossier d"
                + " ON d.ins = e.ins AND d.ins_oid = e.ins_oid WHERE e.kind = 'annul-death' AND e.state = 'APPLIED'"
                + " AND e.outcome = 'death_annulled' AND coalesce(d.merged_into, d.id) = ?")) {
            ps.setLong(1, dossierId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return instant(rs.getTimestamp(1));
            }
        }
    }

    /**
     * R15: the patient asks for the definitive deletion of the dossier. link.DossierLifecycle decides the
     * state (DELETED, final); here every document of the dossier (those merged into it included) is
     * deleted at once as a document deletion drops it (contents, texts, results, titles and evidence), the
     * audit rows stay, and one audit row says how many documents went.
     */
    private Result deleteDossier(Connection c, Row dossier, DossierEvent e) throws SQLException {
        DossierLifecycle.Transition t = DossierLifecycle.deleteDossier(dossier.state(), e.at());
        if (!(t instanceof DossierLifecycle.Change change)) {
            return state(c, dossier, t, e);
        }
        int deleted = countDocuments(c, dossier.id(), true);
        DossierLifecycle.State s = change.state();
        try (PreparedStatement ps = c.prepareStatement("SELECT dmp.delete_dossier(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, dossier.id());
            ps.setTimestamp(2, timestamp(s.stateChangedAt()));
            ps.setTimestamp(3, timestamp(s.closedAt()));
            ps.setTimestamp(4, timestamp(s.deceasedAt()));
            ps.setInt(5, deleted);
            runAndEvent(ps, 6, deleted + " documents deleted", e);
            ps.executeQuery().close(); // the function refuses if it would drop another number than the audit states
        }
        return Result.applied("dossier deleted with " + deleted + " documents");
    }

    /** What a purge found (and deleted, unless a dry run): dossiers past their retention, their documents. */
    public record Purge(boolean dryRun, int dossiers, int documents) {
    }

    /**
     * rules.md R3, R14: deletes what has passed its retention on {@code today} (link.RetentionRule decides):
     * every document of such a dossier is dropped as a deletion drops it (contents, texts, results), the
     * audit rows stay and one PURGED row says it happened. A dry run counts and changes nothing. Takes the
     * dossier-state lock, so it never runs beside an events step; a second run finds nothing more.
     */
    public Purge purge(Connection c, LocalDate today, boolean dryRun) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, DOSSIER_STATE_LOCK);
            lock.execute();
        }
        List<fr.dmp.ingest.link.RetentionRule.Kept> expired = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        // no GROUP BY: PostgreSQL refuses FOR UPDATE with it (0A000, which also makes the pool drop the connection)
        try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.status, d.retention_until, (SELECT count(*) FROM dmp.document x"
                + " WHERE x.dossier_id = d.id AND x.status <> 'DELETED') AS documents FROM dmp.dossier d"
                + " WHERE d.status IN ('CLOSED', 'DECEASED') AND d.retention_until < ? AND EXISTS (SELECT 1 FROM dmp.document x"
                + " WHERE x.dossier_id = d.id AND x.status <> 'DELETED') ORDER BY d.id FOR UPDATE OF d")) {
            ps.setDate(1, Date.valueOf(today));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    var kept = new fr.dmp.ingest.link.RetentionRule.Kept(rs.getLong(1), DossierStatus.valueOf(rs.getString(2)),
                            rs.getDate(3).toLocalDate());
                    if (fr.dmp.ingest.link.RetentionRule.expired(kept, today)) {
                        expired.add(kept);
                        sizes.add(rs.getInt(4));
                    }
                }
            }
        }
        int documents = sizes.stream().mapToInt(Integer::intValue).sum();
        if (dryRun) {
            return new Purge(true, expired.size(), documents);
        }
        documents = 0;
        for (int i = 0; i < expired.size(); i++) {
            var kept = expired.get(i);
            int dropped = sizes.get(i); // counted under the dossier's lock and the exclusive state lock
            documents += dropped;
            try (PreparedStatement ps = c.prepareStatement("SELECT dmp.purge_dossier(?, ?, ?, ?, ?)")) {
                ps.setLong(1, kept.dossierId());
                ps.setInt(2, dropped);
                ps.setString(3, run.feed());
                ps.setString(4, fr.dmp.ingest.link.RetentionRule.auditDetail(kept, dropped));
                ps.setTimestamp(5, Timestamp.from(run.clock().instant()));
                ps.executeQuery().close(); // drops and audits in one call (V16)
            }
        }
        return new Purge(false, expired.size(), documents);
    }

    /** R9: link.OppositionRule decides from the dossier's row for the event's source. */
    private Result opposition(Connection c, Row dossier, DossierEvent e) throws SQLException {
        if (dossier.state().status() == fr.dmp.ingest.link.DossierStatus.DELETED) {
            // R15: nothing is left to oppose feeding to, and a merge must not carry it anywhere (round 27, a tester)
            return Result.refused("the dossier was deleted at the patient's request (R15)");
        }
        OppositionRule.Current current = null;
        String source = OppositionRule.source(e).orElse(null);
        if (source != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT active, changed_at FROM dmp.dossier_opposition WHERE dossier_id = ? AND source = ?")) {
                ps.setLong(1, dossier.id());
                ps.setString(2, source);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        current = new OppositionRule.Current(rs.getBoolean("active"), rs.getTimestamp("changed_at").toInstant());
                    }
                }
            }
        }
        if (source != null) {
            // the newest event about this source, also one that changed nothing (a withdrawal with nothing to withdraw):
            // an older opposition arriving in a later run does not undo it (round 27, a tester; rules.md R9)
            Instant newest = newestApplied(c, dossier.id(), List.of(DossierEvent.Kind.OPPOSE, DossierEvent.Kind.WITHDRAW_OPPOSITION),
                    source);
            if (newest != null && (current == null || newest.isAfter(current.changedAt()))) {
                current = new OppositionRule.Current(current != null && current.active(), newest);
            }
        }
        EventDecision d = OppositionRule.decide(e, current);
        if (!(d instanceof OppositionRule.Apply a)) {
            return Result.of(d);
        }
        writeOpposition(c, dossier.id(), a.source(), a.active(), a.changedAt(), a.auditDetail(), e);
        return Result.applied(a.outcome());
    }

    /** R9: the opposition (or its withdrawal) and its audit row (OPPOSITION or OPPOSITION_WITHDRAWN), in one call (V16). */
    private void writeOpposition(Connection c, long dossierId, String source, boolean active, Instant changedAt, String detail,
                                 DossierEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT dmp.set_opposition(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, dossierId);
            ps.setString(2, source);
            ps.setBoolean(3, active);
            ps.setTimestamp(4, Timestamp.from(changedAt));
            runAndEvent(ps, 5, detail, e);
            ps.executeQuery().close();
        }
    }

    /** R12: the break-glass opposition and its EMERGENCY_ACCESS audit row, in one call (V16). */
    private void writeEmergencyAccess(Connection c, long dossierId, boolean opposed, String detail, DossierEvent e)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT dmp.set_emergency_access(?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, dossierId);
            ps.setBoolean(2, opposed);
            runAndEvent(ps, 3, detail, e);
            ps.executeQuery().close();
        }
    }

    /** R12: link.EmergencyAccessRule decides from the dossier's attribute. */
    private Result emergency(Connection c, Row dossier, DossierEvent e) throws SQLException {
        if (dossier.state().status() == DossierStatus.DELETED) {
            // R15, R10: a deleted dossier is never changed; a break-glass opposition set its attribute and wrote its row
            // (round 36, a tester)
            return Result.refused("the dossier was deleted at the patient's request (R15)");
        }
        EventDecision d = EmergencyAccessRule.decide(e, dossier.emergencyAccessOpposed(), newestApplied(c, dossier.id(),
                List.of(DossierEvent.Kind.EMERGENCY_OPPOSITION, DossierEvent.Kind.EMERGENCY_AUTHORISATION), null));
        if (!(d instanceof EmergencyAccessRule.Apply a)) {
            return Result.of(d);
        }
        writeEmergencyAccess(c, dossier.id(), a.opposed(), a.auditDetail(), e);
        return Result.applied(a.outcome());
    }

    /**
     * R5/R6: link.MaskingRule decides from the document's codes and, for an unmasking, the maskings applied before.
     * An event that names a version replaced since applies to its set's current version (R13: the patient masks the
     * document, and a masking of one version holds for the versions that replace it; the event may have been written
     * before the new version came, or read after it in the same run).
     */
    private Result mask(Connection c, Row dossier, DossierEvent named) throws SQLException {
        if (dossier.state().status() == DossierStatus.DELETED) {
            // R15: no document will ever be filed there; waiting on, it was counted "not stored yet" for good (round 30)
            return Result.refused("the dossier was deleted at the patient's request (R15)");
        }
        MaskingRule.Target target = MaskingRule.target(named.detail());
        MaskingRule.Document document = null;
        String current = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(cur.document_uid, d.document_uid) AS uid,"
                + " cur.id IS NOT NULL AS redirected, coalesce(cur.status, d.status) AS status,"
                + " coalesce(cur.confidentiality, d.confidentiality) AS confidentiality,"
                + " coalesce(cur.patient_masking, d.patient_masking) AS patient_masking FROM dmp.document d"
                + " LEFT JOIN dmp.document cur ON d.status = 'REPLACED' AND cur.set_id = d.set_id"
                + " AND cur.dossier_id = d.dossier_id AND cur.status = 'CURRENT'"
                + " WHERE d.document_uid = ? AND d.dossier_id = ?")) {
            ps.setString(1, target.documentUid());
            ps.setLong(2, dossier.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    // R13: patient_masking holds the maskings of earlier versions carried onto this one (V36)
                    document = new MaskingRule.Document(rs.getString("status").equals("DELETED"),
                            List.of((String[]) rs.getArray("confidentiality").getArray()),
                            List.of((String[]) rs.getArray("patient_masking").getArray()));
                    current = rs.getBoolean("redirected") ? rs.getString("uid") : null;
                }
            }
        }
        DossierEvent e = current == null ? named
                : new DossierEvent(named.ins(), named.kind(), named.at(), current + ";" + target.code(), named.traits(), named.statedStatus());
        String redirected = current == null ? "" : " (on the current version: the event named a replaced one)";
        List<String> maskings = e.kind() != DossierEvent.Kind.UNMASK ? List.of()
                : PatientMaskings.applied(c, List.of(MaskingRule.target(e.detail()).documentUid()), e.at());
        EventDecision d = MaskingRule.decide(e, document, maskings,
                e.kind() == DossierEvent.Kind.UNMASK && maskedAtTheSameInstant(c, named, e), laterChoice(c, dossier.id(), named, e));
        if (!(d instanceof MaskingRule.Apply a)) {
            Result r = Result.of(d);
            // the detail names the version decided on, so that a later unmasking or new version finds it (PatientMaskings)
            return current == null ? r : new Result(r.state(), r.outcome() + redirected, storedDetail(e));
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT dmp.set_confidentiality(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, dossier.id());
            ps.setString(2, a.documentUid());
            ps.setArray(3, c.createArrayOf("text", a.confidentiality().toArray()));
            ps.setString(4, a.auditAction());
            runAndEvent(ps, 5, a.code(), e);
            ps.executeQuery().close(); // the codes and their MASKED / UNMASKED audit row in one call (V16)
        }
        return current == null ? Result.applied(a.outcome()) : new Result("APPLIED", a.outcome() + redirected, storedDetail(e));
    }

    /**
     * rules.md R5: the time of the patient's latest masking or unmasking of the same document (as named, or the version it
     * was redirected to) and code, decided (applied or already so) and later than this event, or null.
     */
    private static java.time.Instant laterChoice(Connection c, long dossierId, DossierEvent named, DossierEvent e)
            throws SQLException {
        MaskingRule.Target asked = MaskingRule.target(named.detail());
        MaskingRule.Target decided = MaskingRule.target(e.detail());
        java.time.Instant latest = null;
        // every version of the document's set: a masking of the first version, carried onto the second, was lifted by an
        // older unmasking naming the second (round 31, an attacker)
        List<Object> uids = new ArrayList<>(List.of(asked.documentUid(), decided.documentUid()));
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT x.document_uid FROM dmp.document d"
                + " JOIN dmp.document x ON x.set_id = d.set_id AND x.dossier_id = d.dossier_id"
                + " WHERE d.document_uid = ANY (?) AND d.dossier_id = ?")) {
            ps.setArray(1, c.createArrayOf("text", new Object[] {asked.documentUid(), decided.documentUid()}));
            ps.setLong(2, dossierId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    uids.add(rs.getString(1));
                }
            }
        }
        // under any INS of the dossier (a choice made before a merge still holds, as PatientMaskings follows it); an
        // unmasking refused because the document was not masked is the patient's choice too (a review, round 31: read
        // first, it let an older masking read later win)
        try (PreparedStatement ps = c.prepareStatement("SELECT e.detail, e.at FROM dmp.dossier d"
                + " JOIN dmp.dossier_event e ON e.ins = d.ins AND e.ins_oid = d.ins_oid"
                + " WHERE (d.id = ? OR d.merged_into = ?) AND e.kind IN ('mask', 'unmask') AND e.at > ?"
                + " AND (e.state = 'APPLIED' OR e.state = 'REFUSED' AND e.kind = 'unmask' AND e.outcome LIKE ?)"
                + " AND btrim(split_part(translate(e.detail, '|', ';'), ';', 1)) = ANY (?)")) {
            ps.setLong(1, dossierId);
            ps.setLong(2, dossierId);
            ps.setTimestamp(3, Timestamp.from(e.at()));
            ps.setString(4, MaskingRule.NOT_MASKED_PREFIX + "%");
            ps.setArray(5, c.createArrayOf("text", uids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    java.time.Instant at = rs.getTimestamp(2).toInstant();
                    if (MaskingRule.target(rs.getString(1)).code().equals(asked.code()) && (latest == null || at.isAfter(latest))) {
                        latest = at;
                    }
                }
            }
        }
        return latest;
    }

    /**
     * rules.md R5: a masking of the document an unmasking names (or of the version it was redirected to), of the same code
     * and time, by the same patient, not refused: recorded, waiting or applied, whichever order the two are read in.
     */
    private static boolean maskedAtTheSameInstant(Connection c, DossierEvent named, DossierEvent e) throws SQLException {
        MaskingRule.Target asked = MaskingRule.target(named.detail());
        MaskingRule.Target decided = MaskingRule.target(e.detail());
        try (PreparedStatement ps = c.prepareStatement("SELECT detail FROM dmp.dossier_event WHERE kind = 'mask' AND at = ?"
                + " AND ins = ? AND ins_oid = ? AND state <> 'REFUSED'"
                + " AND btrim(split_part(translate(detail, '|', ';'), ';', 1)) = ANY (?)")) {
            ps.setTimestamp(1, Timestamp.from(e.at()));
            ps.setString(2, e.ins().matricule());
            ps.setString(3, e.ins().oid().oid());
            ps.setArray(4, c.createArrayOf("text", new Object[] {asked.documentUid(), decided.documentUid()}));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    MaskingRule.Target m = MaskingRule.target(rs.getString(1));
                    if (m.code().equals(asked.code())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * R5: link.DeletionRule picks the versions to delete; each becomes unreadable here (its bytes dropped
     * when no other document shares them, its text and results deleted, its words with them); the audit rows stay.
     */
    private Result delete(Connection c, Row dossier, DossierEvent e) throws SQLException {
        if (dossier.state().status() == DossierStatus.DELETED) {
            return Result.refused("the dossier was deleted at the patient's request (R15)"); // its documents with it
        }
        List<DeletionRule.Version> set = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.document_uid, d.status FROM dmp.document d"
                + " JOIN dmp.document t ON t.set_id = d.set_id AND t.dossier_id = d.dossier_id"
                + " WHERE t.document_uid = ? AND t.dossier_id = ? ORDER BY d.id")) {
            ps.setString(1, DeletionRule.documentUid(e));
            ps.setLong(2, dossier.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    set.add(new DeletionRule.Version(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        EventDecision d = DeletionRule.decide(e, set, storedInTheChunk);
        if (!(d instanceof DeletionRule.Apply a)) {
            return Result.of(d);
        }
        for (DeletionRule.Deleted v : a.versions()) {
            // status, title, evidence, text, results, the content when unshared, and the DELETED audit row: one call (V16)
            try (PreparedStatement ps = c.prepareStatement("SELECT dmp.delete_document(?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, v.id());
                ps.setLong(2, dossier.id());
                runAndEvent(ps, 3, v.auditDetail(), e);
                ps.executeQuery().close();
            }
        }
        return Result.applied(a.outcome());
    }

    /** ins.md: link.IdentityUpdate decides from the dossier's traits; the dossier takes them, audited. */
    private Result identity(Connection c, Row dossier, DossierEvent e) throws SQLException {
        if (dossier.state().status() == DossierStatus.DELETED) {
            // R15: nothing is left to update; a new first name was "refused by the store (SQLState 42501)", the same
            // traits "applied", other ones IDENTITY_MISMATCH, on one deleted dossier (round 36, a tester)
            return Result.refused("the dossier was deleted at the patient's request (R15)");
        }
        EventDecision d = IdentityUpdate.decide(e, dossier.id(), dossier.traits());
        if (!(d instanceof IdentityUpdate.Apply a)) {
            return Result.of(d);
        }
        DossierRepository.updateIdentity(c, dossier.id(), a.identity(), run.feed(), run.senderFiness(), run.jobExecutionId(),
                a.auditDetail(), Timestamp.from(e.at()));
        return Result.applied(a.outcome());
    }

    /**
     * A40: link.MergeRule decides from both dossiers' states and oppositions; the merged dossier's documents
     * move under the surviving one, which takes the stricter rights of the two; both audited (R7).
     */
    private Result merge(Connection c, Row surviving, DossierEvent e) throws SQLException {
        Row merged = lockDossier(c, MergeRule.mergedIns(e));
        EventDecision d = MergeRule.decide(e, side(c, surviving), merged == null ? null : side(c, merged));
        if (!(d instanceof MergeRule.Apply a)) {
            return Result.of(d);
        }
        int moved = countDocuments(c, a.merged(), false);
        List<String> movedUids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT document_uid FROM dmp.document WHERE dossier_id = ?")) {
            ps.setLong(1, a.merged());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    movedUids.add(rs.getString(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT dmp.merge_dossiers(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, a.surviving());
            ps.setLong(2, a.merged());
            ps.setInt(3, moved);
            ps.setString(4, run.feed());
            ps.setString(5, run.senderFiness());
            ps.setLong(6, run.jobExecutionId());
            ps.setString(7, a.survivingAudit(moved));
            ps.setString(8, a.mergedAudit());
            ps.setTimestamp(9, Timestamp.from(e.at()));
            ps.executeQuery().close(); // documents moved, merged_into set, both MERGED rows: one call (V16)
        }
        if (a.state() != null) {
            writeState(c, a.surviving(), a.state(), a.stateAudit(), "from merged dossier " + a.merged(), e);
        }
        for (MergeRule.TakenOpposition o : a.oppositions()) {
            writeOpposition(c, a.surviving(), o.source(), true, o.changedAt(),
                    "source " + o.source() + ", from merged dossier " + a.merged(), e);
        }
        if (a.takesEmergencyOpposition()) {
            writeEmergencyAccess(c, a.surviving(), true, "opposed, from merged dossier " + a.merged(), e);
        }
        // R5 with R1: a masking or deletion sent under the surviving INS, dated before the merge and read the same night,
        // waited for documents the merge has just brought into its dossier: left readable until the next run (round 36,
        // a tester). The events that waited so, up to the merge's time, apply now, in the order of their time
        applyWaitingForDocuments(c, movedUids, e.at());
        return Result.applied(a.outcome(moved));
    }

    /** A dossier as link.MergeRule sees it: its state, break-glass opposition and oppositions by source. */
    private static MergeRule.Side side(Connection c, Row r) throws SQLException {
        java.util.Map<String, OppositionRule.Current> oppositions = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT source, active, changed_at FROM dmp.dossier_opposition WHERE dossier_id = ?")) {
            ps.setLong(1, r.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    oppositions.put(rs.getString(1), new OppositionRule.Current(rs.getBoolean(2), rs.getTimestamp(3).toInstant()));
                }
            }
        }
        return new MergeRule.Side(r.id(), r.state(), r.emergencyAccessOpposed(), oppositions, r.traits());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Timestamp timestamp(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
