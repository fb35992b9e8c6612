package fr.dmp.ingest.store;

import fr.dmp.ingest.classify.Classification;
import fr.dmp.ingest.domain.ConfidentialityCodes;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.link.MaskingRule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code dmp.document} rows: look-ups by id and set, the bulk insert of a chunk's new documents, and
 * the REPLACED mark of a version (rules.md R13). Metadata only: contents and texts are {@link SealedContents}.
 */
public final class DocumentRows {

    private static final String COLUMNS = "id, document_uid, set_id, version_number, dossier_id, status, content_sha256,"
            + " job_execution_id, source_feed, source_file, source_item, creation_time, result_status, message_time";

    private final RunInfo run;

    DocumentRows(RunInfo run) {
        this.run = run;
    }

    /** A stored document: the current version of a set, or a document by its id. */
    /** @param jobExecutionId, sourceFeed, sourceFile, sourceItem where it came from: the run, the feed, the file and the item */
    record Stored(long id, String uid, String setId, Integer version, long dossierId, String status, String sha,
                  Long jobExecutionId, String sourceFeed, String sourceFile, Integer sourceItem, java.time.Instant created,
                  String resultStatus, java.time.Instant messageTime) {

        /** Whether this run stored it from this very item of this file (a file that waited for a replacement's target). */
        boolean storedBy(long jobExecution, String feed, String file, int item) {
            return jobExecutionId != null && jobExecutionId == jobExecution && feed.equals(sourceFeed) && file.equals(sourceFile)
                    && sourceItem != null && sourceItem == item;
        }
    }

    Map<String, Stored> byUid(Connection c, List<String> uids) throws SQLException {
        return many(c, "SELECT " + COLUMNS + " FROM dmp.document WHERE document_uid = ANY(?::text[])", uids, Stored::uid);
    }

    Map<String, Stored> currentOfSets(Connection c, List<String> setIds) throws SQLException {
        return many(c, "SELECT " + COLUMNS + " FROM dmp.document WHERE set_id = ANY(?::text[]) AND status = 'CURRENT'",
                setIds, Stored::setId);
    }

    /**
     * The sets among these that hold a document deleted in that very dossier (rules.md R5; V45's index), as
     * {@code set_id + "\u0000" + dossier_id}: another patient's deletion under a reused placeholder setId is not this one's.
     */
    java.util.Set<String> setsWithDeleted(Connection c, List<String> setIds) throws SQLException {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (setIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT set_id, dossier_id FROM dmp.document WHERE set_id = ANY(?::text[]) AND status = 'DELETED'")) {
            ps.setArray(1, Sql.text(c, setIds));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(deletedKey(rs.getString(1), rs.getLong(2)));
                }
            }
        }
        return out;
    }

    static String deletedKey(String setId, long dossierId) {
        return setId + "\u0000" + dossierId;
    }

    /** The document with this id, locked so that two runs cannot both replace it. */
    Stored lockById(Connection c, String uid) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM dmp.document WHERE document_uid = ? FOR UPDATE", uid);
    }

    /** The current version of a set, locked. */
    Stored lockCurrentOfSet(Connection c, String setId) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM dmp.document WHERE set_id = ? AND status = 'CURRENT' FOR UPDATE", setId);
    }

    /** The tests a stored report has results of (each result's code, else its label), how many are final with a value and how many carry one (V50, V56). */
    Map<String, LabReportVersions.Counts> resultTests(Connection c, long documentId) throws SQLException {
        Map<String, LabReportVersions.Counts> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT code, code_system, alt_code, alt_code_system, display, result_status, has_value FROM dmp.observation_presence"
                        + " WHERE document_id = ?")) {
            ps.setLong(1, documentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String test = LabReportVersions.test(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5));
                    if (test != null) {
                        out.merge(test, LabReportVersions.Counts.ofStored(rs.getString(6), rs.getBoolean(7)), LabReportVersions.Counts::plus);
                    }
                }
            }
        }
        return out;
    }

    /** The current reports of each of these lab orders (V43 recorded the order of those stored before it). */
    Map<String, List<Stored>> currentOfLabOrders(Connection c, List<String> orders) throws SQLException {
        Map<String, List<Stored>> out = new HashMap<>();
        if (orders.isEmpty()) {
            return out;
        }
        String columns = "d." + COLUMNS.replace(", ", ", d.");
        try (PreparedStatement ps = c.prepareStatement("SELECT o.lab_order AS key_order, " + columns
                + " FROM unnest(?::text[]) AS o(lab_order) JOIN dmp.document d ON d.lab_order = o.lab_order AND d.status = 'CURRENT'")) {
            ps.setArray(1, Sql.text(c, orders));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString("key_order"), k -> new ArrayList<>()).add(stored(rs));
                }
            }
        }
        return out;
    }

    /** The current reports of a lab order (each of its own tests, {@link DocumentIds#setOf}), locked, in id order. */
    List<Stored> lockCurrentOfLabOrder(Connection c, String labOrder) throws SQLException {
        List<Stored> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dmp.document WHERE lab_order = ?"
                + " AND status = 'CURRENT' ORDER BY id FOR UPDATE")) {
            ps.setString(1, labOrder);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(stored(rs));
                }
            }
        }
        return out;
    }

    /**
     * rules.md R13: the replaced version stays stored, marked REPLACED, with its audit row in the same call (V16:
     * the job's role has no UPDATE on a document's status). False when it was not the current version.
     */
    boolean markReplaced(Connection c, long id, String auditDetail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT dmp.mark_replaced(?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, run.feed());
            ps.setString(3, run.senderFiness());
            ps.setLong(4, run.jobExecutionId());
            ps.setString(5, auditDetail);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Inserts documents in one statement, in id order (the same lock order in every transaction); returns
     * the ids of those inserted by document id. One that another transaction stored meanwhile is absent.
     */
    Map<String, Long> insert(Connection c, List<PendingDocument> rowsIn) throws SQLException {
        Map<String, Long> inserted = new HashMap<>();
        if (rowsIn.isEmpty()) {
            return inserted;
        }
        List<PendingDocument> rows = new ArrayList<>(rowsIn);
        rows.sort((a, b) -> a.uid.compareTo(b.uid));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dmp.document (document_uid, dossier_id, set_id,"
                + " version_number, type_code, type_code_system, class_code, format_code, source_format, mime_type, title,"
                + " author_institution, creation_time, confidentiality, source_feed, source_file, source_item, sender_app,"
                + " sender_facility, message_control_id, identity_status, content_sha256, size_bytes, classification,"
                + " job_execution_id, flags, replaces_id, patient_masking, legacy_record_id, lab_order, result_status, message_time)"
                + " SELECT u.uid, u.dossier, u.set_id, u.version, u.type, u.sys, u.class, u.fmt, u.src, u.mime, u.title,"
                + " u.author, u.created::timestamptz, string_to_array(u.conf, ','), ?, u.file, u.item, u.app, u.fac, u.msg,"
                + " u.st, u.sha, u.size, u.cls::jsonb, ?, coalesce(string_to_array(u.flags, ','), '{}'), u.replaces,"
                + " coalesce(string_to_array(u.carried, ','), '{}'),"
                // issue 14: a legacy migration's record id goes with the document, in the chunk's transaction: the
                // manifest line of the file (name and SHA-256 of the file as claimed), kept before the run
                + " (SELECT m.legacy_record_id FROM dmp.migration_manifest_line m WHERE m.feed = ? AND m.file_name = u.file"
                + "   AND m.sha256 = u.file_sha), u.lab_order, u.result_status, u.message_time::timestamptz"
                + " FROM unnest(?::text[], ?::int8[], ?::text[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[], ?::text[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                + " AS u(uid, dossier, set_id, version, type, sys, class, fmt, src, mime, title, author, created, conf,"
                + " file, item, app, fac, msg, st, sha, size, cls, flags, replaces, file_sha, carried, lab_order, result_status, message_time)"
                + " ON CONFLICT ON CONSTRAINT document_uid_unique DO NOTHING RETURNING id, document_uid")) {
            int i = 1;
            ps.setString(i++, run.feed());
            ps.setLong(i++, run.jobExecutionId());
            ps.setString(i++, run.feed());
            ps.setArray(i++, Sql.text(c, rows, p -> p.uid));
            ps.setArray(i++, Sql.int8(c, rows, p -> p.dossier.id()));
            ps.setArray(i++, Sql.text(c, rows, p -> p.setId));
            ps.setArray(i++, Sql.int4(c, rows, p -> p.source().meta().version()));
            ps.setArray(i++, Sql.text(c, rows, PendingDocument::typeCode));
            ps.setArray(i++, Sql.text(c, rows, p -> p.classification().type().systemOid()));
            ps.setArray(i++, Sql.text(c, rows, p -> p.classification().type().classCode()));
            ps.setArray(i++, Sql.text(c, rows, p -> FormatCodes.of(p.source(), p.typeCode())));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().format().key()));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().content().mediaType()));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().meta().title() != null ? p.source().meta().title()
                    : p.classification().type().display()));
            ps.setArray(i++, Sql.text(c, rows, p -> author(p.source())));
            ps.setArray(i++, Sql.text(c, rows, p -> Sql.iso(p.source().meta().creationTime())));
            ps.setArray(i++, Sql.text(c, rows, DocumentRows::confidentiality));
            ps.setArray(i++, Sql.text(c, rows, p -> p.file.file().originalName()));
            ps.setArray(i++, Sql.int4(c, rows, p -> p.index));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().meta().senderApp()));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().meta().senderFacility()));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().meta().messageId()));
            ps.setArray(i++, Sql.text(c, rows, p -> p.doc.statusSeen() == null ? null : p.doc.statusSeen().name()));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().content().sha256()));
            ps.setArray(i++, Sql.int8(c, rows, p -> p.source().content().size()));
            ps.setArray(i++, Sql.text(c, rows, p -> classificationJson(p.classification())));
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().flags().isEmpty() ? null : String.join(",", p.source().flags())));
            ps.setArray(i++, Sql.int8(c, rows, p -> p.replacesId));
            ps.setArray(i++, Sql.text(c, rows, p -> p.file.sha256()));
            ps.setArray(i++, Sql.text(c, rows, DocumentRows::carriedMaskings));
            ps.setArray(i++, Sql.text(c, rows, p -> DocumentIds.labOrderOf(p.source().meta())));
            // read only for lab reports' versions (LabReportVersions); no second lab order built per document for it
            ps.setArray(i++, Sql.text(c, rows, p -> p.source().meta().resultStatus()));
            ps.setArray(i++, Sql.text(c, rows, p -> Sql.iso(p.source().meta().messageTime())));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.put(rs.getString(2), rs.getLong(1));
                }
            }
        }
        return inserted;
    }

    /** The {@code classification} column of a document. */
    public static String classificationJson(Classification c) {
        ObjectNode n = DispositionJson.JSON.createObjectNode();
        n.put("source", c.source());
        n.put("confidence", c.confidence());
        ArrayNode ev = n.putArray("evidence");
        c.evidence().forEach(e -> ev.add(Sql.withoutNul(e))); // jsonb refuses \u0000 too
        return n.toString();
    }

    /**
     * rules.md R6: the source's codes, never dropped; N first when the source states none of the HL7 levels N, R, V
     * (codes.md: the visibility codes of TRE_A07 say who sees it, not its level; an MDM sending only
     * INVISIBLE_REP_LEGAUX=Y was stored without a level); then (R5, R13) the patient's maskings of the version it
     * replaces, as a masking adds them.
     */
    private static String confidentiality(PendingDocument p) {
        java.util.LinkedHashSet<String> codes = new java.util.LinkedHashSet<>();
        List<String> stated = p.source().meta().confidentiality();
        if (stated.stream().noneMatch(ConfidentialityCodes::isLevel)) {
            codes.add(ConfidentialityCodes.NORMAL);
        }
        codes.addAll(stated);
        codes.addAll(p.keptMaskings);
        return String.join(",", codes);
    }

    /** rules.md R5, R13: the codes the patient's maskings carried onto a new version, not stated by its sender. */
    private static String carriedMaskings(PendingDocument p) {
        List<String> carried = MaskingRule.carriedOnto(p.keptMaskings, p.source().meta().confidentiality());
        return carried.isEmpty() ? null : String.join(",", carried);
    }

    /** A document's confidentiality codes as stored. */
    List<String> confidentiality(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT confidentiality FROM dmp.document WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? List.of((String[]) rs.getArray(1).getArray()) : List.of();
            }
        }
    }

    String typeCode(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT type_code FROM dmp.document WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private String author(SourceDocument s) {
        return s.meta().authorOrg() != null ? s.meta().authorOrg() : run.senderFiness();
    }

    private static Stored one(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? stored(rs) : null;
            }
        }
    }

    private static Map<String, Stored> many(Connection c, String sql, List<String> keys,
                                            java.util.function.Function<Stored, String> keyOf) throws SQLException {
        Map<String, Stored> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, Sql.text(c, keys));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Stored d = stored(rs);
                    out.put(keyOf.apply(d), d);
                }
            }
        }
        return out;
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        int v = rs.getInt("version_number");
        Integer version = rs.wasNull() ? null : v;
        long job = rs.getLong("job_execution_id");
        Long jobExecutionId = rs.wasNull() ? null : job;
        int item = rs.getInt("source_item");
        Integer sourceItem = rs.wasNull() ? null : item;
        return new Stored(rs.getLong("id"), rs.getString("document_uid"), rs.getString("set_id"), version,
                rs.getLong("dossier_id"), rs.getString("status"), rs.getString("content_sha256"), jobExecutionId,
                rs.getString("source_feed"), rs.getString("source_file"), sourceItem,
                rs.getTimestamp("creation_time") == null ? null : rs.getTimestamp("creation_time").toInstant(),
                rs.getString("result_status"),
                rs.getTimestamp("message_time") == null ? null : rs.getTimestamp("message_time").toInstant());
    }
}
