package fr.dmp.ingest.store;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL of a legacy migration (issue 14): the manifest's lines kept in the store, and their reconciliation
 * with the dispositions of the feed — every run's, so that it spans runs and survives a kill -9 (a file
 * decided by a killed run has its disposition; one not decided yet is processed again).
 */
public final class MigrationLedger {

    /** A manifest line as the store keeps it. */
    public record ManifestRow(int lineNumber, String legacyRecordId, String fileName, String sha256, String ins,
                              Integer expectedDocuments) {
    }

    /**
     * What became of one manifest line (then {@code lineNumber > 0}) or of one dropped file the manifest
     * does not list ({@code state = unexpected}, {@code lineNumber = 0}, {@code outcome} its disposition).
     */
    public record ReconciledRow(int lineNumber, String legacyRecordId, String fileName, String state, String reason,
                                Integer documents, Integer expectedDocuments, boolean insDiffers, String outcome) {
    }

    private final JdbcTemplate jdbc;

    public MigrationLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Keeps the manifest's lines, one transaction: a line already kept (same file name) takes the new
     * values and keeps its state until the next reconciliation; loading the same manifest twice changes
     * nothing. A legacy record id given to another file of the feed is refused by the store.
     */
    public void save(String feed, List<ManifestRow> rows) {
        jdbc.batchUpdate("INSERT INTO dmp.migration_manifest_line (feed, file_name, line_no, legacy_record_id, sha256, ins,"
                        + " expected_documents) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feed, file_name) DO UPDATE SET"
                        + " line_no = EXCLUDED.line_no, legacy_record_id = EXCLUDED.legacy_record_id, sha256 = EXCLUDED.sha256,"
                        + " ins = EXCLUDED.ins, expected_documents = EXCLUDED.expected_documents",
                rows, 500, (ps, r) -> {
                    ps.setString(1, feed);
                    ps.setString(2, r.fileName());
                    ps.setInt(3, r.lineNumber());
                    ps.setString(4, r.legacyRecordId());
                    ps.setString(5, r.sha256());
                    ps.setString(6, r.ins());
                    ps.setObject(7, r.expectedDocuments());
                });
    }

    /**
     * The first of {@code rows} whose legacy record id an earlier manifest of the feed gave another file (the store
     * refuses it), or -1: so that the refusal names the line and the field, as a broken manifest's does (round 13).
     */
    public int lineReusingAnotherFilesId(String feed, List<ManifestRow> rows) {
        java.util.Map<String, String> earlier = new java.util.HashMap<>();
        jdbc.query("SELECT legacy_record_id, file_name FROM dmp.migration_manifest_line WHERE feed = ? AND legacy_record_id = ANY (?)",
                rs -> {
                    earlier.put(rs.getString(1), rs.getString(2));
                }, feed, rows.stream().map(ManifestRow::legacyRecordId).toArray(String[]::new));
        for (ManifestRow r : rows) {
            String file = earlier.get(r.legacyRecordId());
            if (file != null && !file.equals(r.fileName())) {
                return r.lineNumber();
            }
        }
        return -1;
    }

    public boolean hasManifest(String feed) {
        Boolean any = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM dmp.migration_manifest_line WHERE feed = ?)",
                Boolean.class, feed);
        return Boolean.TRUE.equals(any);
    }

    /**
     * Reconciles the feed's manifest with all its dispositions, records each line's state, gives the
     * stored documents their legacy record id, and returns the manifest lines in order followed by the
     * unexpected files. For a line, the dispositions of its file name with its SHA-256 decide (stored before
     * duplicate before quarantined: a file stored once stays stored when dropped again); a file name seen
     * only with other bytes is {@code checksum-mismatch}; never seen, {@code missing}.
     */
    public List<ReconciledRow> reconcile(String feed, long jobExecutionId) {
        // a file never hashed (refused unread, e.g. TOO_LARGE) is taken at its name: its reason says why
        String best = "SELECT d.claim_token, d.outcome, d.primary_reason, d.job_execution_id,"
                + " (SELECT count(*) FROM jsonb_array_elements(d.items) i WHERE i->>'kind' IN ('STORED', 'DUPLICATE'))::int AS docs"
                + " FROM dmp.disposition d WHERE d.feed = m.feed AND d.original_name = m.file_name"
                + " AND (d.sha256 = m.sha256 OR d.sha256 IS NULL)"
                + " ORDER BY CASE d.outcome WHEN 'STORED' THEN 0 WHEN 'DUPLICATE' THEN 1 ELSE 2 END, d.decided_at DESC LIMIT 1";
        jdbc.update("UPDATE dmp.migration_manifest_line m SET"
                + " state = CASE WHEN s.outcome IS NOT NULL THEN lower(s.outcome)"
                + "   WHEN EXISTS (SELECT 1 FROM dmp.disposition x WHERE x.feed = m.feed AND x.original_name = m.file_name)"
                + "   THEN 'checksum-mismatch' ELSE 'missing' END,"
                + " reason = CASE WHEN s.outcome = 'QUARANTINED' THEN s.primary_reason END,"
                + " claim_token = s.claim_token, documents = s.docs, reconciled_in = ?"
                + " FROM (SELECT m.feed, m.file_name, b.* FROM dmp.migration_manifest_line m"
                + "   LEFT JOIN LATERAL (" + best + ") b ON true WHERE m.feed = ?) s"
                + " WHERE m.feed = s.feed AND m.file_name = s.file_name", jobExecutionId, feed);
        // traceability (issue 14): each document takes its line's legacy record id when it is stored (DocumentRows,
        // in the chunk's transaction); only documents stored before the feed had a manifest get it here
        jdbc.update("UPDATE dmp.document doc SET legacy_record_id = m.legacy_record_id FROM dmp.migration_manifest_line m"
                + " WHERE m.feed = ? AND m.state IN ('stored', 'duplicate', 'quarantined') AND doc.source_feed = m.feed"
                + " AND doc.source_file = m.file_name AND doc.legacy_record_id IS NULL"
                + " AND doc.job_execution_id IN (SELECT d.job_execution_id FROM dmp.disposition d WHERE d.feed = m.feed"
                + "   AND d.original_name = m.file_name AND d.sha256 = m.sha256)", feed);
        List<ReconciledRow> out = new ArrayList<>(jdbc.query("SELECT m.line_no, m.legacy_record_id, m.file_name, m.state,"
                // the note says that no document of the line reached the manifest's patient: an archive of several
                // patients that names one of them is no discrepancy, nor a dossier since merged into another (A40)
                + " m.reason, m.documents, m.expected_documents, m.state = 'stored' AND m.ins IS NOT NULL AND NOT EXISTS ("
                + "   SELECT 1 FROM dmp.document doc JOIN dmp.dossier k ON coalesce(k.merged_into, k.id) = doc.dossier_id"
                + "   WHERE doc.legacy_record_id = m.legacy_record_id AND doc.source_feed = m.feed AND k.ins = m.ins) AS ins_differs,"
                // what became of the file of that name with other bytes (round 13, a migration tester: it was stored,
                // and the line said nothing of it)
                + " CASE WHEN m.state = 'checksum-mismatch' THEN (SELECT lower(x.outcome) || coalesce(' ' || x.primary_reason, '')"
                + "   FROM dmp.disposition x WHERE x.feed = m.feed AND x.original_name = m.file_name"
                + "   ORDER BY CASE x.outcome WHEN 'STORED' THEN 0 WHEN 'DUPLICATE' THEN 1 ELSE 2 END, x.decided_at DESC LIMIT 1)"
                + " END AS other_bytes"
                + " FROM dmp.migration_manifest_line m WHERE m.feed = ? ORDER BY m.line_no, m.file_name",
                (rs, n) -> new ReconciledRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        (Integer) rs.getObject(6), (Integer) rs.getObject(7), rs.getBoolean(8), rs.getString(9)), feed));
        out.addAll(jdbc.query("SELECT DISTINCT ON (d.original_name) d.original_name, d.outcome, d.primary_reason"
                + " FROM dmp.disposition d WHERE d.feed = ? AND NOT EXISTS (SELECT 1 FROM dmp.migration_manifest_line m"
                + "   WHERE m.feed = d.feed AND m.file_name = d.original_name)"
                + " ORDER BY d.original_name, CASE d.outcome WHEN 'STORED' THEN 0 WHEN 'DUPLICATE' THEN 1 ELSE 2 END,"
                + " d.decided_at DESC",
                (rs, n) -> new ReconciledRow(0, null, rs.getString(1), "unexpected", rs.getString(3), null, null, false,
                        rs.getString(2).toLowerCase(java.util.Locale.ROOT)), feed));
        return out;
    }
}
