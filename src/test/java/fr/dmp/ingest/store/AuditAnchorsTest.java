package fr.dmp.ingest.store;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.report.AuditAnchors;
import fr.dmp.ingest.report.AuditChain;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, rules.md R7: the schema owner (a superuser) can rewrite the whole audit chain, every hash and the head
 * recomputed, and the walk of {@code audit --verify} then holds. Each run's report keeps the chain's head outside
 * the database; the rewritten chain no longer agrees with it, and {@code audit --verify} says so.
 */
class AuditAnchorsTest extends PipelineTestSupport {

    /** The owner's move: row {@code seq}'s detail changed, then every row from it re-chained and the head moved. */
    private void rewriteTheWholeChainFrom(long seq) {
        jdbc.execute("ALTER TABLE dmp.audit_event DISABLE TRIGGER audit_event_append_only");
        try {
            jdbc.execute("DO $$ DECLARE r dmp.audit_event; h bytea; BEGIN"
                    + " SELECT prev_hash INTO h FROM dmp.audit_event WHERE chain_seq = " + seq + ";"
                    + " FOR r IN SELECT * FROM dmp.audit_event WHERE chain_seq >= " + seq + " ORDER BY chain_seq LOOP"
                    + "   IF r.chain_seq = " + seq + " THEN r.detail := 'rewritten'; END IF;"
                    + "   r.prev_hash := h; r.row_hash := dmp.audit_chain_hash(h, r);"
                    + "   UPDATE dmp.audit_event SET detail = r.detail, prev_hash = r.prev_hash, row_hash = r.row_hash WHERE id = r.id;"
                    + "   h := r.row_hash;"
                    + " END LOOP;"
                    + " UPDATE dmp.audit_chain_head SET hash = h; END $$");
        } finally {
            jdbc.execute("ALTER TABLE dmp.audit_event ENABLE TRIGGER audit_event_append_only");
        }
    }

    @Test
    void r7_eachRunAnchorsTheChainsHeadInItsReportAndAChainRewrittenWholeByTheOwnerFailsVerify() throws Exception {
        ingest("lab-results", dropWithSamples("lab-results"));
        Path reports = work.resolve("reports");
        long head = count("SELECT seq FROM dmp.audit_chain_head");
        List<AuditAnchors.Anchor> anchors = AuditAnchors.inReports(reports);
        assertThat(anchors).singleElement().satisfies(a -> {
            assertThat(a.seq()).isEqualTo(head);
            assertThat(a.source()).isEqualTo("lab-results.json");
        });
        assertThat(Files.readString(reports.resolve("lab-results.json"))).contains("\"auditAnchor\"");
        assertThat(new AuditChain(jdbc).verify(anchors).holds()).isTrue();

        rewriteTheWholeChainFrom(3);
        assertThat(new AuditChain(jdbc).verify().holds()).as("the rewritten chain holds on its own").isTrue();
        AuditChain.Verdict anchored = new AuditChain(jdbc).verify(anchors);
        assertThat(anchored.holds()).isFalse();
        assertThat(anchored.line()).isEqualTo("the row at position " + head
                + " differs from the anchor of report lab-results.json: the chain was rewritten");
        assertThat(anchored.line()).doesNotContain("rewritten'");
    }

    @Test
    void r7_rowsRemovedAfterAnAnchorLeaveItWithoutItsRow() throws Exception {
        ingest("lab-results", dropWithSamples("lab-results"));
        List<AuditAnchors.Anchor> anchors = AuditAnchors.inReports(work.resolve("reports"));
        long head = anchors.get(0).seq();
        jdbc.execute("ALTER TABLE dmp.audit_event DISABLE TRIGGER audit_event_append_only");
        try {
            jdbc.update("DELETE FROM dmp.audit_event WHERE chain_seq >= ?", head - 1);
            jdbc.update("UPDATE dmp.audit_chain_head SET seq = ?, hash = (SELECT row_hash FROM dmp.audit_event WHERE chain_seq = ?)",
                    head - 2, head - 2);
        } finally {
            jdbc.execute("ALTER TABLE dmp.audit_event ENABLE TRIGGER audit_event_append_only");
        }
        assertThat(new AuditChain(jdbc).verify().holds()).as("the shortened chain holds on its own").isTrue();
        assertThat(new AuditChain(jdbc).verify(anchors).line()).isEqualTo("the chain has no row at position " + head
                + ", anchored by report lab-results.json: rows removed");
    }

    /**
     * Round 27 (a tester): the embedded store's reports, then a server's, in one reports folder: each store failed
     * verify on the other's anchors ("rewritten"). An anchor names its store; another store's are left out, and said.
     */
    @Test
    void r7_anotherDatabasesReportsInTheFolderAreLeftOutNotTakenForARewrite() throws Exception {
        ingest("lab-results", dropWithSamples("lab-results"));
        Path reports = work.resolve("reports");
        String store = AuditAnchors.store(jdbc);
        assertThat(Files.readString(reports.resolve("lab-results.json"))).contains("\"store\" : \"" + store + "\"");
        long head = count("SELECT seq FROM dmp.audit_chain_head");
        Files.writeString(reports.resolve("other-store.json"), "{\"auditAnchor\": {\"seq\": " + head
                + ", \"hash\": \"00\", \"store\": \"1/1\"}}");
        AuditAnchors.OfThisStore split = AuditAnchors.ofThisStore(store, AuditAnchors.inReports(reports));
        assertThat(split.others()).singleElement().satisfies(a -> assertThat(a.source()).isEqualTo("other-store.json"));
        assertThat(new AuditChain(jdbc).verify(split.anchors()).holds()).isTrue();
        // a report written before anchors named their store is still checked
        Files.writeString(reports.resolve("old-report.json"), "{\"auditAnchor\": {\"seq\": " + head + ", \"hash\": \"00\"}}");
        AuditAnchors.OfThisStore withOld = AuditAnchors.ofThisStore(store, AuditAnchors.inReports(reports));
        assertThat(new AuditChain(jdbc).verify(withOld.anchors()).holds()).isFalse();
    }
}
