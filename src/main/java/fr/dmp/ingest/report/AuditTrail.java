package fr.dmp.ingest.report;

import fr.dmp.ingest.domain.Printable;

import fr.dmp.ingest.domain.Ins;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;

/**
 * A dossier's history (rules.md R7: "la consultation vous donne accès à toutes les actions effectuées"):
 * every action on the dossier and its documents, who did it (feed, sending organisation), when, which
 * document — never the content. The patient's view leaves out what concerns documents currently
 * invisible to the patient (R6, {@code INVISIBLE_PATIENT}); the full view is the audit role's.
 */
public final class AuditTrail {

    private final JdbcTemplate jdbc;

    public AuditTrail(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Entry(Instant at, Instant atSource, String action, String feed, String senderOrg, Long jobExecutionId,
                        long dossierId, String documentUid, String reason, String detail, String documentType,
                        Instant documentDate, String sourceFile, String legacyRecordId) {
    }

    /** The dossiers of this INS matricule (one per OID, rules.md R1), with their state. */
    public record DossierLine(long id, String oid, String status, String retentionUntil, boolean emergencyOpposed,
                              Long mergedInto) {
    }

    public List<DossierLine> dossiers(String matricule) {
        return jdbc.query("SELECT id, ins_oid, status, retention_until, emergency_access_opposed, merged_into FROM dmp.dossier"
                + " WHERE ins = ? ORDER BY id", (rs, n) -> new DossierLine(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getBoolean(5), (Long) rs.getObject(6)), matricule.strip());
    }

    /**
     * A document of the row's dossier, or of one merged with it (either way): another patient's document an event names is
     * neither named nor, hidden from the patient, made to hide the row (a review, round 36).
     */
    private static final String OF_THIS_DOSSIER = "(doc.dossier_id = a.dossier_id OR doc.dossier_id IN (SELECT m.id FROM"
            + " dmp.dossier m WHERE m.merged_into = a.dossier_id OR m.id = (SELECT o.merged_into FROM dmp.dossier o"
            + " WHERE o.id = a.dossier_id)))";

    public List<Entry> history(long dossierId, boolean full) {
        // nor the replacement of a visible version by one hidden from the patient: its row named the hidden version and
        // told that a newer one is kept from the patient (round 34, a tester)
        String hidden = full ? "" : " AND NOT EXISTS (SELECT 1 FROM dmp.document d WHERE d.document_uid = a.document_uid"
                + " AND " + OF_THIS_DOSSIER.replace("doc.", "d.") + " AND 'INVISIBLE_PATIENT' = ANY(d.confidentiality))"
                + " AND NOT (a.action = 'REPLACED' AND EXISTS (SELECT 1 FROM dmp.document old JOIN dmp.document r"
                + " ON r.replaces_id = old.id WHERE old.document_uid = a.document_uid"
                + " AND 'INVISIBLE_PATIENT' = ANY(r.confidentiality)))";
        return jdbc.query("SELECT a.at, a.at_source, a.action, a.feed, a.sender_org, a.job_execution_id, a.dossier_id,"
                + " a.document_uid, a.reason, a.detail, doc.type_code, doc.creation_time, doc.source_file, doc.legacy_record_id"
                // only a document of this dossier (or of one merged with it) is named: a masking naming another patient's
                // document printed that document's type, date and file name in this patient's history (round 36, a tester)
                + " FROM dmp.audit_event a LEFT JOIN dmp.document doc ON doc.document_uid = a.document_uid AND " + OF_THIS_DOSSIER
                + " WHERE a.dossier_id = ?" + hidden
                + " ORDER BY a.at, a.id", (rs, n) -> new Entry(rs.getTimestamp(1).toInstant(),
                rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                rs.getString(5), (Long) rs.getObject(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getTimestamp(12) == null ? null : rs.getTimestamp(12).toInstant(), rs.getString(13),
                rs.getString(14)),
                dossierId);
    }

    public static String header(String matricule, DossierLine d) {
        return "dossier " + d.id() + " (INS " + Ins.mask(matricule) + ", OID " + d.oid() + "): " + d.status()
                + (d.retentionUntil() == null ? "" : ", kept until " + d.retentionUntil())
                + (d.emergencyOpposed() ? ", break-glass access opposed" : "")
                + (d.mergedInto() == null ? "" : ", merged into dossier " + d.mergedInto());
    }

    public static String line(Entry e) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.at()).append("  ").append(String.format("%-20s", e.action()));
        if (e.atSource() != null) {
            sb.append("  (event of ").append(e.atSource()).append(')');
        }
        sb.append("  ").append(e.feed() == null ? "-" : e.feed());
        if (e.senderOrg() != null) {
            sb.append(" (").append(e.senderOrg()).append(')');
        }
        if (e.documentUid() != null) {
            sb.append("  document ").append(e.documentUid());
            if (e.documentType() != null) { // issue 17: the document named by type, date and source file
                // a refusal or a duplicate is another arrival of that id: the file named is the stored one's, not the file
                // refused (round 30, a tester read that the file later stored had been rejected)
                boolean another = "REJECTED".equals(e.action()) || "DUPLICATE".equals(e.action());
                sb.append(another ? " (the one stored under this id: type " : " (type ").append(e.documentType())
                        .append(", of ").append(e.documentDate()).append(", file ").append(Printable.of(e.sourceFile())).append(')');
            }
        }
        if (e.legacyRecordId() != null) {
            // issue 14: traceability from the old system to the stored document
            sb.append("  legacy record ").append(e.legacyRecordId());
        }
        if (e.reason() != null) {
            sb.append("  ").append(e.reason());
        }
        if (e.detail() != null) {
            sb.append("  ").append(Printable.of(e.detail()));
        }
        return sb.toString();
    }
}
