package fr.dmp.ingest.store;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * A stored document's metadata for the operator (issue 17, {@code document show|find}), read as the
 * reader role: type, class, dates, source feed and file, version, flags, how it was classified. Never
 * the content, the extracted text nor the classification's evidence (words of the document).
 */
public final class DocumentQueries {

    private final JdbcTemplate jdbc;

    public DocumentQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record DocumentMeta(long id, String uid, String status, String typeCode, String classCode, String sourceFormat,
                               String mimeType, Instant creationTime, Instant storedAt, String sourceFeed, String sourceFile,
                               int sourceItem, String messageControlId, String setId, Integer versionNumber, Long replacesId,
                               List<String> confidentiality, List<String> flags, String classificationSource,
                               Double classificationConfidence, long dossierId, long sizeBytes, long jobExecutionId) {
    }

    private static final String SELECT = "SELECT d.id, d.document_uid, d.status, d.type_code, d.class_code, d.source_format,"
            + " d.mime_type, d.creation_time, d.stored_at, d.source_feed, d.source_file, d.source_item, d.message_control_id,"
            + " d.set_id, d.version_number, d.replaces_id, d.confidentiality, d.flags, d.classification->>'source',"
            + " (d.classification->>'confidence')::float8, d.dossier_id, d.size_bytes, d.job_execution_id FROM dmp.document d";

    private static DocumentMeta map(ResultSet rs, int n) throws SQLException {
        return new DocumentMeta(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant(),
                rs.getString(10), rs.getString(11), rs.getInt(12), rs.getString(13), rs.getString(14),
                (Integer) rs.getObject(15), (Long) rs.getObject(16), texts(rs.getArray(17)), texts(rs.getArray(18)),
                rs.getString(19), (Double) rs.getObject(20), rs.getLong(21), rs.getLong(22), rs.getLong(23));
    }

    private static List<String> texts(Array a) throws SQLException {
        return a == null ? List.of() : List.of((String[]) a.getArray());
    }

    /** By database id, or by document unique id (OID^extension). */
    public List<DocumentMeta> byId(String id) {
        if (id.matches("[0-9]{1,18}")) {
            return jdbc.query(SELECT + " WHERE d.id = ?", DocumentQueries::map, Long.parseLong(id));
        }
        return jdbc.query(SELECT + " WHERE d.document_uid = ?", DocumentQueries::map, id);
    }

    public List<DocumentMeta> bySourceFile(String name) {
        return jdbc.query(SELECT + " WHERE d.source_file = ? ORDER BY d.id", DocumentQueries::map, name);
    }

    public List<DocumentMeta> byControlId(String msh10) {
        return jdbc.query(SELECT + " WHERE d.message_control_id = ? ORDER BY d.id", DocumentQueries::map, msh10);
    }

    public List<DocumentMeta> byIns(String matricule) {
        return jdbc.query(SELECT + " JOIN dmp.dossier p ON p.id = d.dossier_id WHERE p.ins = ? ORDER BY d.creation_time, d.id",
                DocumentQueries::map, matricule);
    }

    /** The other versions of the document's set, oldest first. */
    public List<DocumentMeta> versions(String setId) {
        return jdbc.query(SELECT + " WHERE d.set_id = ? ORDER BY d.version_number NULLS FIRST, d.id", DocumentQueries::map, setId);
    }
}
