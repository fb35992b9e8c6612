package fr.dmp.ingest.store;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.domain.Verdict;
import fr.dmp.ingest.link.Dossier;
import fr.dmp.ingest.link.DossierOpening;
import fr.dmp.ingest.link.Linker;
import fr.dmp.ingest.validate.ValidatedDocument;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The store's side of linking: loads the chunk's dossiers, opens those {@link Linker} says to open (R2)
 * with the events that waited for them (R4, R9), and records {@link Linker}'s verdict for each document.
 * The decisions are link's; this class only reads and saves.
 */
final class DossierLinks {

    private final DossierRepository dossiers = new DossierRepository();
    private final DossierEventStore events;
    private final Linker linker;
    private final RunInfo run;
    private final DecisionRows decisions;

    DossierLinks(Linker linker, RunInfo run, DecisionRows decisions) {
        this.events = new DossierEventStore(run);
        this.linker = linker;
        this.run = run;
        this.decisions = decisions;
    }

    /**
     * The dossiers this transaction opened, and a savepoint taken just before: rolling back to it undoes the
     * openings and everything written after them in the chunk.
     */
    record Opened(Set<Ins> ins, Savepoint before) {
        static final Opened NONE = new Opened(Set.of(), null);
    }

    /** Sets each document's dossier, or records why it has none. */
    Opened link(Connection c, List<PendingDocument> pending, ChunkOutcomes outcomes) throws SQLException {
        if (pending.isEmpty()) {
            return Opened.NONE;
        }
        List<ValidatedDocument> docs = pending.stream().map(p -> p.doc).toList();
        Map<Ins, Dossier> found = dossiers.find(c, docs.stream().map(ValidatedDocument::ins).distinct().toList());
        Map<Ins, DossierOpening> toOpen = linker.dossiersToOpen(docs, found);
        Opened opened = Opened.NONE;
        if (!toOpen.isEmpty()) {
            Savepoint before = c.getAutoCommit() ? null : c.setSavepoint();
            opened = new Opened(open(c, toOpen, found, outcomes), before);
        }
        for (PendingDocument p : pending) {
            Dossier d = found.get(p.doc.ins());
            Verdict<Dossier> v = linker.link(p.doc, d);
            if (v instanceof Verdict.Accepted<Dossier> a) {
                p.dossier = a.value();
            } else {
                Rejection r = ((Verdict.Refused<Dossier>) v).rejection();
                // the row names the document refused (R7 "which document"): refusals for the dossier's state or the patient's
                // rights named none, and who decides whether to send it again could not find it (round 34, a tester)
                outcomes.rejected(p, r, d == null ? null : d.id(), p.uid);
            }
        }
        return opened;
    }

    /** Opens the dossiers; returns the INS of those this transaction created (not those a concurrent one did). */
    private Set<Ins> open(Connection c, Map<Ins, DossierOpening> toOpen, Map<Ins, Dossier> found, ChunkOutcomes outcomes)
            throws SQLException {
        Map<Ins, Dossier> created = dossiers.create(c, toOpen, run.feed());
        List<AuditRow> opened = new ArrayList<>();
        for (Dossier d : created.values()) {
            opened.add(AuditRow.of("CREATED", d.id(), null));
        }
        found.putAll(created);
        // a death or an opposition that waited for the dossier applies before its first documents link; only to
        // dossiers this transaction opened, which no other transaction can see yet. The CREATED rows go first
        // then (R7 history order), else with the chunk's other audit rows.
        boolean[] openedWritten = {false};
        int applied = events.applyWaiting(c, created.keySet(), () -> {
            decisions.insertAudit(c, opened);
            openedWritten[0] = true;
        });
        if (!openedWritten[0]) {
            outcomes.auditAll(opened);
        }
        if (applied > 0) {
            found.putAll(dossiers.find(c, List.copyOf(created.keySet()))); // as the waiting events left them
        }
        if (created.size() < toOpen.size()) {
            // opened by a concurrent transaction: read them
            found.putAll(dossiers.find(c, toOpen.keySet().stream().filter(k -> !found.containsKey(k)).toList()));
        }
        return Set.copyOf(created.keySet());
    }
}
