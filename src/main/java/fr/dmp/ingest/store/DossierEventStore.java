package fr.dmp.ingest.store;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.InsOid;
import fr.dmp.ingest.domain.Sha256;
import fr.dmp.ingest.format.events.DossierEvent;
import fr.dmp.ingest.format.events.EventItem;
import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.intake.Disposition.ItemOutcome;
import fr.dmp.ingest.link.DeletionRule;
import fr.dmp.ingest.link.DossierLifecycle;
import fr.dmp.ingest.link.DossierStatus;
import fr.dmp.ingest.link.EmergencyAccessRule;
import fr.dmp.ingest.link.EventDecision;
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

    private final RunInfo run;

    public DossierEventStore(RunInfo run) {
        this.run = run;
    }

    // ---- record ------------------------------------------------------------------------------------

    public List<Disposition> record(Connection c, List<EventFileWork> files) throws SQLException {
        Instant now = run.clock().instant();
        List<Disposition> out = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO dmp.dossier_event (event_key, ins, ins_oid, kind, at,"
                + " detail, feed, claim_token, job_execution_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_key) DO NOTHING")) {
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
                    insert.setString(6, e.detail());
                    insert.setString(7, run.feed());
                    insert.setString(8, f.file().token());
                    insert.setLong(9, run.jobExecutionId());
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

    /** The same event (patient, kind, time, detail) always has the same key: a second copy changes nothing. */
    static String key(DossierEvent e) {
        String s = String.join("|", e.ins().matricule(), e.ins().oid().oid(), e.kind().key(), e.at().toString(),
                e.detail() == null ? "" : e.detail());
        return Sha256.hex(s.getBytes(StandardCharsets.UTF_8));
    }

    // ---- apply -------------------------------------------------------------------------------------

    /** The last event a pass over the pending events looked at, in their order {@code (at, id)}. */
    public record Cursor(Instant at, long id) {
    }

    /** What one call handled: events looked at, those still waiting for their dossier, where to go on from. */
    public record Pass(int handled, int waiting, Cursor last) {
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
        try (PreparedStatement ps = c.prepareStatement("SELECT id, ins, ins_oid, kind, at, detail FROM dmp.dossier_event"
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
        int waiting = applyAll(c, pending);
        Cursor last = pending.isEmpty() ? after
                : new Cursor(pending.get(pending.size() - 1).event().at(), pending.get(pending.size() - 1).id());
        return new Pass(pending.size(), waiting, last);
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
        try (PreparedStatement ps = c.prepareStatement("SELECT id, ins, ins_oid, kind, at, detail, feed, job_execution_id"
                + " FROM dmp.dossier_event WHERE state = 'PENDING' AND ins = ANY (?) AND kind = ANY (?) ORDER BY at, id")) {
            ps.setArray(1, c.createArrayOf("text", opened.stream().map(Ins::matricule).distinct().toArray()));
            ps.setArray(2, c.createArrayOf("text", APPLIED_WITH_A_NEW_DOSSIER.stream().map(DossierEvent.Kind::key).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Pending p = Pending.of(rs);
                    if (opened.contains(p.event().ins())) {
                        pending.add(p);
                        // audited as the events feed's action (R7), not the document feed's
                        recordedBy.add(new RunInfo(rs.getString("feed"), null, rs.getLong("job_execution_id"), run.clock()));
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
            waiting += new DossierEventStore(recordedBy.get(i)).applyAll(c, List.of(pending.get(i)));
        }
        return pending.size() - waiting;
    }

    /**
     * The events a document chunk applies to a dossier it just opened: its state, the patient's
     * oppositions, its identity. A merge, a masking or a deletion (which name other dossiers or
     * documents) wait for the events step, which holds the exclusive lock.
     */
    static final List<DossierEvent.Kind> APPLIED_WITH_A_NEW_DOSSIER = List.of(DossierEvent.Kind.CLOSE,
            DossierEvent.Kind.REOPEN, DossierEvent.Kind.DEATH, DossierEvent.Kind.OPPOSE, DossierEvent.Kind.WITHDRAW_OPPOSITION,
            DossierEvent.Kind.EMERGENCY_OPPOSITION, DossierEvent.Kind.EMERGENCY_AUTHORISATION, DossierEvent.Kind.IDENTITY);

    /** Applies events in the given order, each alone; returns how many still wait for their dossier. */
    private int applyAll(Connection c, List<Pending> pending) throws SQLException {
        int waiting = 0;
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
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE dmp.dossier_event SET state = ?, outcome = ?, applied_at = now() WHERE id = ?")) {
                ps.setString(1, r.state());
                ps.setString(2, r.outcome());
                ps.setLong(3, p.id());
                ps.executeUpdate();
            }
        }
        return waiting;
    }

    /** Work to do in the same transaction before waiting events apply, only when there are some. */
    @FunctionalInterface
    public interface SqlAction {
        void run() throws SQLException;
    }

    /** The state of an event whose dossier is not known yet: still pending. */
    static final String WAITING = "PENDING";

    private record Pending(long id, DossierEvent event) {
        /** The event of a row of {@code dmp.dossier_event} (id, ins, ins_oid, kind, at, detail). */
        static Pending of(ResultSet rs) throws SQLException {
            Ins ins = new Ins(rs.getString("ins"), InsOid.fromOid(rs.getString("ins_oid")).orElseThrow());
            return new Pending(rs.getLong("id"), new DossierEvent(ins, DossierEvent.Kind.fromKey(rs.getString("kind")).orElseThrow(),
                    rs.getTimestamp("at").toInstant(), rs.getString("detail")));
        }
    }

    /** How an event ended: APPLIED (with or without change), SUPERSEDED or REFUSED, and why. */
    record Result(String state, String outcome) {
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
            throw new IllegalArgumentException("an Apply is written by its event's method");
        }
    }

    /** The dossier an event is about, locked; a merged dossier leads to the one it was merged into. */
    private record Row(long id, DossierLifecycle.State state, boolean emergencyAccessOpposed, IdentityUpdate.Identity identity) {
    }

    private Row lockDossier(Connection c, Ins ins) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT d2.id, d2.status, d2.state_changed_at, d2.retention_until,"
                + " d2.closed_at, d2.deceased_at, d2.emergency_access_opposed, d2.birth_name, array_to_string(d2.first_names, ' ') AS first_names, d2.sex,"
                + " d2.birth_date, d2.birth_place FROM dmp.dossier d JOIN dmp.dossier d2 ON d2.id = coalesce(d.merged_into, d.id)"
                + " WHERE d.ins = ? AND d.ins_oid = ? FOR UPDATE OF d2")) {
            ps.setString(1, ins.matricule());
            ps.setString(2, ins.oid().oid());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Date retention = rs.getDate("retention_until");
                Date birth = rs.getDate("birth_date");
                return new Row(rs.getLong("id"), new DossierLifecycle.State(DossierStatus.valueOf(rs.getString("status")),
                        instant(rs.getTimestamp("state_changed_at")), retention == null ? null : retention.toLocalDate(),
                        instant(rs.getTimestamp("closed_at")), instant(rs.getTimestamp("deceased_at"))),
                        rs.getBoolean("emergency_access_opposed"),
                        new IdentityUpdate.Identity(rs.getString("birth_name"), rs.getString("first_names"), rs.getString("sex"),
                                birth == null ? null : birth.toLocalDate(), rs.getString("birth_place")));
            }
        }
    }

    private Result apply(Connection c, DossierEvent e) throws SQLException {
        Row dossier = lockDossier(c, e.ins());
        if (dossier == null) {
            // rules.md R4, R9: a death or an opposition sent before the first document is kept, not dropped
            return new Result(WAITING, "waiting for the dossier of INS " + e.ins().masked());
        }
        return switch (e.kind()) {
            case CLOSE -> state(c, dossier, DossierLifecycle.close(dossier.state(), e.at()), e);
            case REOPEN -> state(c, dossier, DossierLifecycle.reopen(dossier.state(), e.at()), e);
            case DEATH -> state(c, dossier, DossierLifecycle.death(dossier.state(), e.at(), lastAnnulment(c, dossier.id())), e);
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
        writeState(c, dossier.id(), s);
        audit(c, change.audit(), dossier.id(), null, e, s.retentionUntil() == null || s.status() == DossierStatus.OPEN
                ? null : "kept until " + s.retentionUntil());
        return Result.applied(change.audit().toLowerCase(Locale.ROOT));
    }

    private static void writeState(Connection c, long dossierId, DossierLifecycle.State s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE dmp.dossier SET status = ?, state_changed_at = ?,"
                + " retention_until = ?, closed_at = ?, deceased_at = ?, updated_at = now() WHERE id = ?")) {
            ps.setString(1, s.status().name());
            ps.setTimestamp(2, timestamp(s.stateChangedAt()));
            ps.setDate(3, s.retentionUntil() == null ? null : Date.valueOf(s.retentionUntil()));
            ps.setTimestamp(4, timestamp(s.closedAt()));
            ps.setTimestamp(5, timestamp(s.deceasedAt()));
            ps.setLong(6, dossierId);
            ps.executeUpdate();
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
        writeState(c, dossier.id(), change.state());
        int deleted = dropDocuments(c, dossier.id());
        audit(c, change.audit(), dossier.id(), null, e, deleted + " documents deleted");
        return Result.applied("dossier deleted with " + deleted + " documents");
    }

    /**
     * Drops every document of a dossier not deleted yet (R5 applied to all at once): the rows stay, marked
     * DELETED, without title nor evidence; texts and results are deleted; a content goes when no document
     * still shares it. Returns how many documents were dropped.
     */
    static int dropDocuments(Connection c, long dossierId) throws SQLException {
        KeptFileKeyStore.shredDossier(c, dossierId); // its kept input files unreadable at once (crypto-shredding, V20)
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("UPDATE dmp.document SET status = 'DELETED', status_changed_at = now(),"
                + " title = NULL, classification = jsonb_build_object('deleted', true) WHERE dossier_id = ? AND status <> 'DELETED'"
                + " RETURNING id")) {
            ps.setLong(1, dossierId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        java.sql.Array array = c.createArrayOf("bigint", ids.toArray());
        for (String sql : List.of("DELETE FROM dmp.document_text WHERE document_id = ANY (?)",
                "DELETE FROM dmp.observation WHERE document_id = ANY (?)")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, array);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE dmp.content c SET data = NULL, dropped_at = now()"
                + " WHERE c.dropped_at IS NULL AND c.sha256 IN (SELECT d.content_sha256 FROM dmp.document d WHERE d.id = ANY (?))"
                + " AND NOT EXISTS (SELECT 1 FROM dmp.document x WHERE x.content_sha256 = c.sha256 AND x.status <> 'DELETED')")) {
            ps.setArray(1, array);
            ps.executeUpdate();
        }
        return ids.size();
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
        for (var kept : expired) {
            int dropped = dropDocuments(c, kept.dossierId());
            documents += dropped;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.audit_event (action, feed, dossier_id, detail, at_source)"
                    + " VALUES ('PURGED', ?, ?, ?, ?)")) {
                ps.setString(1, run.feed());
                ps.setLong(2, kept.dossierId());
                ps.setString(3, fr.dmp.ingest.link.RetentionRule.auditDetail(kept, dropped));
                ps.setTimestamp(4, Timestamp.from(run.clock().instant()));
                ps.executeUpdate();
            }
        }
        return new Purge(false, expired.size(), documents);
    }

    /** R9: link.OppositionRule decides from the dossier's row for the event's source. */
    private Result opposition(Connection c, Row dossier, DossierEvent e) throws SQLException {
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
        EventDecision d = OppositionRule.decide(e, current);
        if (!(d instanceof OppositionRule.Apply a)) {
            return Result.of(d);
        }
        writeOpposition(c, dossier.id(), a.source(), a.active(), a.changedAt());
        audit(c, a.auditAction(), dossier.id(), null, e, a.auditDetail());
        return Result.applied(a.outcome());
    }

    private static void writeOpposition(Connection c, long dossierId, String source, boolean active, Instant changedAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.dossier_opposition (dossier_id, source, active, changed_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (dossier_id, source) DO UPDATE SET active = EXCLUDED.active,"
                + " changed_at = EXCLUDED.changed_at")) {
            ps.setLong(1, dossierId);
            ps.setString(2, source);
            ps.setBoolean(3, active);
            ps.setTimestamp(4, Timestamp.from(changedAt));
            ps.executeUpdate();
        }
    }

    /** R12: link.EmergencyAccessRule decides from the dossier's attribute. */
    private Result emergency(Connection c, Row dossier, DossierEvent e) throws SQLException {
        EventDecision d = EmergencyAccessRule.decide(e, dossier.emergencyAccessOpposed());
        if (!(d instanceof EmergencyAccessRule.Apply a)) {
            return Result.of(d);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE dmp.dossier SET emergency_access_opposed = ?, updated_at = now()"
                + " WHERE id = ?")) {
            ps.setBoolean(1, a.opposed());
            ps.setLong(2, dossier.id());
            ps.executeUpdate();
        }
        audit(c, "EMERGENCY_ACCESS", dossier.id(), null, e, a.auditDetail());
        return Result.applied(a.outcome());
    }

    /** R5/R6: link.MaskingRule decides from the document's codes and, for an unmasking, the maskings applied before. */
    private Result mask(Connection c, Row dossier, DossierEvent e) throws SQLException {
        MaskingRule.Target target = MaskingRule.target(e.detail());
        MaskingRule.Document document = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT status, confidentiality FROM dmp.document WHERE document_uid = ? AND dossier_id = ?")) {
            ps.setString(1, target.documentUid());
            ps.setLong(2, dossier.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    document = new MaskingRule.Document(rs.getString("status").equals("DELETED"),
                            List.of((String[]) rs.getArray("confidentiality").getArray()));
                }
            }
        }
        List<String> maskings = e.kind() == DossierEvent.Kind.UNMASK ? appliedMaskings(c, e) : List.of();
        EventDecision d = MaskingRule.decide(e, document, maskings);
        if (!(d instanceof MaskingRule.Apply a)) {
            return Result.of(d);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE dmp.document SET confidentiality = ? WHERE document_uid = ? AND dossier_id = ?")) {
            ps.setArray(1, c.createArrayOf("text", a.confidentiality().toArray()));
            ps.setString(2, a.documentUid());
            ps.setLong(3, dossier.id());
            ps.executeUpdate();
        }
        audit(c, a.auditAction(), dossier.id(), a.documentUid(), e, a.code());
        return Result.applied(a.outcome());
    }

    /** The details of the patient's masking events applied up to this one that changed their document. */
    private static List<String> appliedMaskings(Connection c, DossierEvent unmask) throws SQLException {
        // only a masking that changed the document counts: one on a flag it already had put nothing there
        List<String> details = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT detail FROM dmp.dossier_event WHERE kind = 'mask'"
                + " AND state = 'APPLIED' AND outcome LIKE 'masked %' AND ins = ? AND ins_oid = ? AND at <= ?")) {
            ps.setString(1, unmask.ins().matricule());
            ps.setString(2, unmask.ins().oid().oid());
            ps.setTimestamp(3, Timestamp.from(unmask.at()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    details.add(rs.getString(1));
                }
            }
        }
        return details;
    }

    /**
     * R5: link.DeletionRule picks the versions to delete; each becomes unreadable here (its bytes dropped
     * when no other document shares them, its text and results deleted, its words with them); the audit rows stay.
     */
    private Result delete(Connection c, Row dossier, DossierEvent e) throws SQLException {
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
        EventDecision d = DeletionRule.decide(e, set);
        if (!(d instanceof DeletionRule.Apply a)) {
            return Result.of(d);
        }
        for (DeletionRule.Deleted v : a.versions()) {
            String sha;
            try (PreparedStatement ps = c.prepareStatement("UPDATE dmp.document SET status = 'DELETED', status_changed_at = now(),"
                    + " title = NULL, classification = jsonb_build_object('deleted', true) WHERE id = ? RETURNING content_sha256")) {
                ps.setLong(1, v.id());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    sha = rs.getString(1);
                }
            }
            for (String sql : List.of("DELETE FROM dmp.document_text WHERE document_id = ?", "DELETE FROM dmp.observation WHERE document_id = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, v.id());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE dmp.content SET data = NULL, dropped_at = now() WHERE sha256 = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM dmp.document x WHERE x.content_sha256 = ? AND x.status <> 'DELETED')")) {
                ps.setString(1, sha);
                ps.setString(2, sha);
                ps.executeUpdate();
            }
            KeptFileKeyStore.shredDocument(c, v.documentUid()); // its kept input files unreadable at once (crypto-shredding, V20)
            audit(c, "DELETED", dossier.id(), v.documentUid(), e, v.auditDetail());
        }
        return Result.applied(a.outcome());
    }

    /** ins.md: link.IdentityUpdate decides from the dossier's traits; the dossier takes them, audited. */
    private Result identity(Connection c, Row dossier, DossierEvent e) throws SQLException {
        EventDecision d = IdentityUpdate.decide(e, dossier.identity());
        if (!(d instanceof IdentityUpdate.Apply a)) {
            return Result.of(d);
        }
        IdentityUpdate.Identity t = a.identity();
        try (PreparedStatement ps = c.prepareStatement("UPDATE dmp.dossier SET birth_name = ?, first_names = string_to_array(?::text, ' '), sex = ?,"
                + " birth_date = ?, birth_place = ?, identity_status = 'QUAL', updated_at = now() WHERE id = ?")) {
            ps.setString(1, t.birthName());
            ps.setString(2, t.firstNames());
            ps.setString(3, t.sex());
            ps.setDate(4, t.birthDate() == null ? null : Date.valueOf(t.birthDate()));
            ps.setString(5, t.birthPlace());
            ps.setLong(6, dossier.id());
            ps.executeUpdate();
        }
        audit(c, "IDENTITY_UPDATED", dossier.id(), null, e, a.auditDetail());
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
        int moved;
        try (PreparedStatement ps = c.prepareStatement("UPDATE dmp.document SET dossier_id = ? WHERE dossier_id = ?")) {
            ps.setLong(1, a.surviving());
            ps.setLong(2, a.merged());
            moved = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE dmp.dossier SET merged_into = ?, updated_at = now() WHERE id = ?")) {
            ps.setLong(1, a.surviving());
            ps.setLong(2, a.merged());
            ps.executeUpdate();
        }
        audit(c, "MERGED", a.surviving(), null, e, a.survivingAudit(moved));
        audit(c, "MERGED", a.merged(), null, e, a.mergedAudit());
        if (a.state() != null) {
            writeState(c, a.surviving(), a.state());
            audit(c, a.stateAudit(), a.surviving(), null, e, "from merged dossier " + a.merged());
        }
        for (MergeRule.TakenOpposition o : a.oppositions()) {
            writeOpposition(c, a.surviving(), o.source(), true, o.changedAt());
            audit(c, "OPPOSITION", a.surviving(), null, e, "source " + o.source() + ", from merged dossier " + a.merged());
        }
        if (a.takesEmergencyOpposition()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE dmp.dossier SET emergency_access_opposed = true, updated_at = now()"
                    + " WHERE id = ?")) {
                ps.setLong(1, a.surviving());
                ps.executeUpdate();
            }
            audit(c, "EMERGENCY_ACCESS", a.surviving(), null, e, "opposed, from merged dossier " + a.merged());
        }
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
        return new MergeRule.Side(r.id(), r.state(), r.emergencyAccessOpposed(), oppositions);
    }

    private void audit(Connection c, String action, long dossierId, String documentUid, DossierEvent e, String detail)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.audit_event (action, feed, sender_org, job_execution_id,"
                + " dossier_id, document_uid, detail, at_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, action);
            ps.setString(2, run.feed());
            ps.setString(3, run.senderFiness());
            ps.setLong(4, run.jobExecutionId());
            ps.setLong(5, dossierId);
            ps.setString(6, documentUid);
            ps.setString(7, detail);
            ps.setTimestamp(8, Timestamp.from(e.at()));
            ps.executeUpdate();
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Timestamp timestamp(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
