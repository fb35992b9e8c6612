package fr.dmp.ingest.store;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.domain.Sha256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 15 item 7, rules.md R16 and R17 (with R3, R4, R5, R6, R7): the care systems' reader, logged in as
 * {@code dmp_reader}, reads only through the store's read functions (V17). It sees no document of a closed,
 * deceased or deleted dossier, no deleted document, no document masked from professionals; reopening gives access
 * back; every document it is given leaves an ACCESSED row naming the reader in the dossier's history.
 */
class ReaderRightsTest extends PipelineTestSupport {

    @Autowired
    EmbeddedPostgresServer server;

    @Autowired
    ContentCipher cipher;

    private JdbcTemplate reader;
    private List<Map<String, Object>> docs; // one document of each of four dossiers: id, document_uid, dossier_id, ins

    @BeforeEach
    void fourPatientsAndTheReadersOwnLogin() {
        ingest("lab-results", dropWithSamples("lab-results"));
        docs = jdbc.queryForList("SELECT DISTINCT ON (d.dossier_id) d.id, d.document_uid, d.dossier_id, p.ins"
                + " FROM dmp.document d JOIN dmp.dossier p ON p.id = d.dossier_id ORDER BY d.dossier_id, d.id LIMIT 4");
        assertThat(docs).as("the sample's lab results are of four patients at least").hasSize(4);
        reader = new JdbcTemplate(new DriverManagerDataSource(server.jdbcUrl(), "dmp_reader", server.password("dmp_reader")));
        assertThat(reader.queryForObject("SELECT session_user", String.class)).isEqualTo("dmp_reader");
    }

    private long id(int i) {
        return (Long) docs.get(i).get("id");
    }

    private String ins(int i) {
        return (String) docs.get(i).get("ins");
    }

    /** The document ids the reader is given for a patient's INS. */
    private List<Long> readByIns(int i) {
        return reader.queryForList("SELECT id FROM dmp.read_documents('dr-house', 'ins', ?)", Long.class, ins(i));
    }

    private long accesses(long documentId) {
        return jdbc.queryForObject("SELECT count(*) FROM dmp.audit_event a JOIN dmp.document d ON d.document_uid = a.document_uid"
                + " WHERE d.id = ? AND a.action = 'ACCESSED'", Long.class, documentId);
    }

    @Test
    void r17_theReaderReadsNoTableOnlyTheReadFunctions() {
        for (String sql : List.of("SELECT data FROM dmp.content", "SELECT title FROM dmp.document", "SELECT id FROM dmp.document",
                "SELECT birth_name FROM dmp.dossier", "SELECT value FROM dmp.observation", "SELECT data FROM dmp.document_text",
                "SELECT * FROM dmp.professional_document", "SELECT * FROM dmp.audit_event",
                "SELECT dmp.trace_read('x', 1, 'y', 'z')")) {
            assertThatThrownBy(() -> reader.queryForList(sql)).as(sql).rootCause().hasMessageContaining("permission denied");
        }
    }

    @Test
    void r16_aClosedDeceasedOrDeletedDossierShowsNothingAndReopeningGivesAccessBack() {
        assertThat(readByIns(0)).contains(id(0));
        jdbc.update("UPDATE dmp.dossier SET status = 'CLOSED', closed_at = now(), retention_until = current_date + 3650 WHERE id = ?",
                docs.get(0).get("dossier_id"));
        jdbc.update("UPDATE dmp.dossier SET status = 'DECEASED', deceased_at = now() WHERE id = ?", docs.get(1).get("dossier_id"));
        jdbc.update("UPDATE dmp.dossier SET status = 'DELETED' WHERE id = ?", docs.get(2).get("dossier_id"));
        assertThat(readByIns(0)).isEmpty();
        assertThat(readByIns(1)).isEmpty();
        assertThat(readByIns(2)).isEmpty();
        assertThat(readByIns(3)).contains(id(3)); // an open dossier still reads
        for (int i = 0; i < 3; i++) {
            assertThat(reader.queryForList("SELECT * FROM dmp.read_documents('dr-house', 'id', ?)", String.valueOf(id(i)))).isEmpty();
            assertThat(new ContentVault(reader, cipher).readableContent("dr-house", id(i))).isEmpty();
            assertThat(reader.queryForList("SELECT * FROM dmp.read_observations('dr-house', ?)", id(i))).isEmpty();
            assertThat(accesses(id(i))).as("nothing given, nothing traced").isEqualTo(i == 0 ? 1 : 0);
        }
        jdbc.update("UPDATE dmp.dossier SET status = 'OPEN', closed_at = NULL, retention_until = NULL WHERE id = ?",
                docs.get(0).get("dossier_id"));
        assertThat(readByIns(0)).contains(id(0));
    }

    @Test
    void r17_r6_aDocumentMaskedFromProfessionalsOrDeletedIsHiddenOneInvisibleToThePatientIsNot() {
        jdbc.update("UPDATE dmp.document SET confidentiality = '{N,MASQUE_PS}' WHERE id = ?", id(0));
        jdbc.update("UPDATE dmp.document SET status = 'DELETED' WHERE id = ?", id(1));
        jdbc.update("UPDATE dmp.document SET confidentiality = '{N,INVISIBLE_PATIENT}' WHERE id = ?", id(2));
        assertThat(readByIns(0)).doesNotContain(id(0));
        assertThat(readByIns(1)).doesNotContain(id(1));
        assertThat(readByIns(2)).as("codes.md: invisible to the patient, not to the professional who announces it").contains(id(2));
        assertThat(reader.queryForList("SELECT * FROM dmp.read_content('dr-house', ?)", id(0))).isEmpty();
        assertThat(reader.queryForList("SELECT * FROM dmp.read_observations('dr-house', ?)", id(0))).isEmpty();
    }

    @Test
    void r5_r6_r13_maskingTheCurrentVersionHidesTheVersionsItReplaced() { // review: they stayed readable by set
        Map<String, Object> two = jdbc.queryForMap("SELECT min(id) AS old, max(id) AS cur FROM dmp.document"
                + " GROUP BY dossier_id HAVING count(*) >= 2 ORDER BY dossier_id LIMIT 1");
        long old = (Long) two.get("old");
        long cur = (Long) two.get("cur");
        String set = jdbc.queryForObject("SELECT set_id FROM dmp.document WHERE id = ?", String.class, cur);
        jdbc.update("UPDATE dmp.document SET set_id = ?, status = 'REPLACED' WHERE id = ?", set, old);
        assertThat(reader.queryForList("SELECT id FROM dmp.read_documents('dr-house', 'set', ?)", Long.class, set))
                .containsExactlyInAnyOrder(old, cur);
        // the other versions of a document shown (V40): without it, so that it is traced once (R17)
        assertThat(reader.queryForList("SELECT id FROM dmp.read_documents('dr-house', 'versions-of', ?)", Long.class,
                String.valueOf(cur))).containsExactly(old);
        jdbc.update("UPDATE dmp.document SET confidentiality = '{N,MASQUE_PS}' WHERE id = ?", cur);
        assertThat(reader.queryForList("SELECT id FROM dmp.read_documents('dr-house', 'versions-of', ?)", Long.class,
                String.valueOf(cur))).isEmpty();
        assertThat(reader.queryForList("SELECT id FROM dmp.read_documents('dr-house', 'set', ?)", Long.class, set)).isEmpty();
        assertThat(reader.queryForList("SELECT * FROM dmp.read_content('dr-house', ?)", old)).isEmpty();
        assertThat(reader.queryForList("SELECT * FROM dmp.read_observations('dr-house', ?)", old)).isEmpty();
    }

    @Test
    void r17_everyReadLeavesAnAccessTraceNamingTheReaderInTheChainedHistory() {
        long before = accesses(id(3));
        List<Long> read = readByIns(3);
        assertThat(read).contains(id(3));
        assertThat(accesses(id(3))).isEqualTo(before + 1);
        String sha = jdbc.queryForObject("SELECT content_sha256 FROM dmp.document WHERE id = ?", String.class, id(3));
        byte[] plain = new ContentVault(reader, cipher).readableContent("dr-house", id(3)).orElseThrow();
        assertThat(Sha256.hex(plain)).isEqualTo(sha);
        assertThat(reader.queryForList("SELECT * FROM dmp.read_observations('dr-house', ?)", id(3))).isNotEmpty();
        assertThat(jdbc.queryForList("SELECT detail FROM dmp.audit_event a JOIN dmp.document d ON d.document_uid = a.document_uid"
                + " WHERE d.id = ? AND a.action = 'ACCESSED' AND a.written_by = 'dmp_reader' ORDER BY a.chain_seq", String.class, id(3)))
                .endsWith("metadata read by dr-house", "content read by dr-house", "results read by dr-house");
        assertThatThrownBy(() -> reader.queryForList("SELECT * FROM dmp.read_documents('', 'ins', ?)", ins(3)))
                .rootCause().hasMessageContaining("names its reader");
        // the trail with the traces still verifies (V11's chain)
        assertThat(new fr.dmp.ingest.report.AuditChain(jdbc).verify().holds()).isTrue();
    }
}
