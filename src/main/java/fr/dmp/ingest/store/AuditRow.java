package fr.dmp.ingest.store;

import fr.dmp.ingest.domain.Rejection;

/** One audit event: never the document's content, only what was done to which document (rules.md R7). */
record AuditRow(String action, Long dossierId, String documentUid, String reason, String detail) {

    static AuditRow rejected(Long dossierId, String uid, Rejection r) {
        return new AuditRow("REJECTED", dossierId, uid, r.reason().name(), r.detail());
    }

    static AuditRow of(String action, Long dossierId, String uid) {
        return new AuditRow(action, dossierId, uid, null, null);
    }
}
