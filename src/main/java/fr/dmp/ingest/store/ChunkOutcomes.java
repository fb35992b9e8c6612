package fr.dmp.ingest.store;

import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.intake.Disposition.ItemOutcome;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a chunk write decided for each item of each file, in file order, with the audit row of each
 * decision (rules.md R7). Keyed by identity: hashing a FileWork would hash every byte array it holds.
 */
final class ChunkOutcomes {

    private final Map<FileWork, Map<Integer, ItemOutcome>> byFile = new IdentityHashMap<>();
    private final List<AuditRow> audit = new ArrayList<>();

    /** Opens a file's entry; its items keep the order in which they are announced. */
    Map<Integer, ItemOutcome> file(FileWork f) {
        return byFile.computeIfAbsent(f, k -> new LinkedHashMap<>());
    }

    void announce(PendingDocument p) {
        file(p.file).put(p.index, null); // keeps file order
    }

    void refusedBeforeStore(FileWork f, int index, Rejection r) {
        file(f).put(index, ItemOutcome.rejected(index, r.reason(), r.detail()));
        audit.add(AuditRow.rejected(null, null, r));
    }

    void stored(PendingDocument p) {
        file(p.file).put(p.index, ItemOutcome.stored(p.index, p.typeCode()));
        audit.add(AuditRow.of("STORED", p.dossierId(), p.uid));
    }

    /** Stored by an earlier attempt of this run at the same file: its audit row was written then. */
    void storedBefore(PendingDocument p) {
        file(p.file).put(p.index, ItemOutcome.stored(p.index, p.typeCode()));
    }

    void duplicate(PendingDocument p, Long dossierId) {
        file(p.file).put(p.index, ItemOutcome.duplicate(p.index, p.typeCode()));
        audit.add(AuditRow.of("DUPLICATE", dossierId, p.uid));
    }

    void rejected(PendingDocument p, Rejection r, Long dossierId, String uid) {
        file(p.file).put(p.index, ItemOutcome.rejected(p.index, r.reason(), r.detail()));
        audit.add(AuditRow.rejected(dossierId, uid, r));
    }

    void audit(AuditRow row) {
        audit.add(row);
    }

    void auditAll(List<AuditRow> rows) {
        audit.addAll(rows);
    }

    ItemOutcome of(PendingDocument p) {
        return file(p.file).get(p.index);
    }

    List<ItemOutcome> items(FileWork f) {
        return new ArrayList<>(file(f).values());
    }

    /** Forgets what was decided for {@code p} and the audit rows added since {@code auditSize} (a rolled-back attempt). */
    void forget(PendingDocument p) {
        file(p.file).put(p.index, null);
    }

    void truncateAudit(int auditSize) {
        audit.subList(auditSize, audit.size()).clear();
    }

    List<AuditRow> audit() {
        return audit;
    }
}
