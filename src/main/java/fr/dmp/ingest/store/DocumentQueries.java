package fr.dmp.ingest.store;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * A stored document's metadata for the operator (issue 17, {@code document show|find}), read as the
 * reader role through the store's read function (V17, rules.md R16, R17): only documents a health
 * professional may see (an open dossier, not deleted, not masked MASQUE_PS), and every document returned
 * leaves an ACCESSED row, naming the reader, in the dossier's history. Type, class, dates, source feed and file,
 * version, flags, how it was classified; never the content, the extracted text nor the classification's evidence.
 */
public final class DocumentQueries {

    private final JdbcTemplate jdbc;
    private final String reader;

    /** @param reader who reads, as the trace names them (the operating system user for the CLI) */
    public DocumentQueries(JdbcTemplate jdbc, String reader) {
        this.jdbc = jdbc;
        this.reader = reader;
    }

    public record DocumentMeta(long id, String uid, String status, String typeCode, String classCode, String sourceFormat,
                               String mimeType, Instant creationTime, Instant storedAt, String sourceFeed, String sourceFile,
                               int sourceItem, String messageControlId, String setId, Integer versionNumber, Long replacesId,
                               List<String> confidentiality, List<String> flags, String classificationSource,
                               Double classificationConfidence, long dossierId, long sizeBytes, long jobExecutionId) {
    }

    private static final String SELECT = "SELECT d.id, d.document_uid, d.status, d.type_code, d.class_code, d.source_format,"
            + " d.mime_type, d.creation_time, d.stored_at, d.source_feed, d.source_file, d.source_item, d.message_control_id,"
            + " d.set_id, d.version_number, d.replaces_id, d.confidentiality, d.flags, d.classification_source,"
            + " d.classification_confidence, d.dossier_id, d.size_bytes, d.job_execution_id FROM dmp.read_documents(?, ?, ?) d";

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

    private List<DocumentMeta> read(String by, String value) {
        return jdbc.query(SELECT, DocumentQueries::map, reader, by, value);
    }

    /** By database id, or by document unique id (OID^extension). */
    public List<DocumentMeta> byId(String id) {
        return read(id.matches("[0-9]{1,18}") ? "id" : "uid", id);
    }

    public List<DocumentMeta> bySourceFile(String name) {
        return read("file", name);
    }

    public List<DocumentMeta> byControlId(String msh10) {
        return read("control-id", msh10);
    }

    public List<DocumentMeta> byIns(String matricule) {
        return read("ins", matricule);
    }

    /**
     * The other versions of the set of a document the reader already holds, oldest first: that document is not read
     * again, so that showing it leaves one trace, not two (rules.md R17, V40).
     */
    public List<DocumentMeta> otherVersions(long documentId) {
        return read("versions-of", Long.toString(documentId));
    }
}
