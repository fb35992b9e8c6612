package fr.dmp.ingest.store;

import fr.dmp.ingest.link.EventDecision;
import fr.dmp.ingest.link.MaskingRule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the patient's masking events did to a document set (rules.md R5, R13), read for link.MaskingRule: the
 * versions of a set, and the masking events applied to any of them. By document id, not by INS, so that a
 * masking made before a merge still follows its document.
 */
final class PatientMaskings {

    private PatientMaskings() {
    }

    /** The ids of every version of the set of this document in this dossier (none when it is not there). */
    static List<String> versions(Connection c, String documentUid, long dossierId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT v.document_uid FROM dmp.document d JOIN dmp.document v"
                + " ON v.set_id = d.set_id AND v.dossier_id = d.dossier_id WHERE d.document_uid = ? AND d.dossier_id = ?"
                + " ORDER BY v.id")) {
            ps.setString(1, documentUid);
            ps.setLong(2, dossierId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * The details of the masking events that changed one of these documents, up to {@code upTo} (all when null):
     * one on a flag the document already had put nothing there.
     */
    static List<String> applied(Connection c, List<String> documentUids, Instant upTo) throws SQLException {
        return applied(c, documentUids, upTo, false);
    }

    /**
     * The same, and with {@code alreadyHeld} the maskings that asked for a code the document already had (from its
     * sender): what a new version keeps (rules.md R5, R13), never what an unmasking may lift (R6).
     */
    static List<String> applied(Connection c, List<String> documentUids, Instant upTo, boolean alreadyHeld)
            throws SQLException {
        List<String> details = new ArrayList<>();
        if (documentUids.isEmpty()) {
            return details;
        }
        // the detail is stored "<document id>;<code>" as link.MaskingRule.target reads it (DossierEventStore.storedDetail),
        // so V33's index finds them; the rule's own reading confirms each, as it decides
        try (PreparedStatement ps = c.prepareStatement("SELECT detail FROM dmp.dossier_event WHERE kind = 'mask'"
                + " AND state = 'APPLIED' AND (outcome LIKE 'masked %'"
                + (alreadyHeld ? " OR outcome LIKE '" + new EventDecision.NoChange(MaskingRule.ALREADY).outcome() + "%'" : "") + ")"
                + " AND btrim(split_part(translate(detail, '|', ';'), ';', 1)) = ANY(?::text[])"
                + (upTo == null ? "" : " AND at <= ?") + " ORDER BY at, id")) {
            ps.setArray(1, c.createArrayOf("text", documentUids.toArray()));
            if (upTo != null) {
                ps.setTimestamp(2, Timestamp.from(upTo));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String detail = rs.getString(1);
                    if (documentUids.contains(MaskingRule.target(detail).documentUid())) {
                        details.add(detail);
                    }
                }
            }
        }
        return details;
    }
}
