package fr.dmp.ingest.tools.bench;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.store.ContentCipher;
import fr.dmp.ingest.store.ContentKeys;
import fr.dmp.ingest.tools.generate.CorpusGenerator;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19: the copy-only baseline loads exactly the rows the pipeline writes. The same generated corpus
 * goes through the real pipeline and through {@code CopyRows} + {@code CopyLoad} (two partitions, two
 * connections) into a store of its own; every table holds as many rows in both, the contents and texts
 * loaded are sealed and open with the cipher that sealed them, and every disposition was claimed by its
 * feed's report.
 */
class CopyBaselineTest extends PipelineTestSupport {

    private static final String[] TABLES = {"dossier", "content", "document", "document_text", "observation", "audit_event",
            "quarantine_entry", "disposition"};

    @Test
    void theBaselineLoadsTheRowsThePipelineWrites() throws Exception {
        Path corpus = work.resolve("corpus");
        CorpusGenerator.generate(new CorpusGenerator.Options(corpus, 120, 20261126L, CorpusGenerator.DEFAULT_MIX, 10, 0));
        BenchCommand.CorpusOptions options = new BenchCommand.CorpusOptions();
        options.corpus = corpus;
        options.jobs = Path.of("jobs");
        options.threads = 2;
        byte[] key = new byte[32];
        key[0] = 7;
        ContentCipher cipher = new ContentCipher(ContentKeys.fromEnvironment("t:" + Base64.getEncoder().encodeToString(key)));
        Map<String, Long> feeds = new LinkedHashMap<>();
        CopyRows rows = new CopyRows(work.resolve("rows"), cipher);
        try (rows) {
            BenchCommand.parseAll(options, (feed, job, partition, chunk) -> {
                synchronized (feeds) {
                    feeds.putIfAbsent(feed.name(), job);
                }
                rows.add(feed.name(), feed.senderFiness(), job, partition, chunk);
            });
        }
        assertThat(rows.sealSeconds()).isPositive();
        // the parse moved nothing: the pipeline then takes the same files
        for (String feed : new String[] {CorpusGenerator.LAB_FEED, CorpusGenerator.HOSPITAL_FEED}) {
            ingest(feed, corpus.resolve(feed));
        }
        Map<String, Long> pipeline = new LinkedHashMap<>();
        for (String t : TABLES) {
            pipeline.put(t, count("SELECT count(*) FROM dmp." + t));
        }
        assertThat(pipeline.get("quarantine_entry")).isPositive();
        assertThat(pipeline.get("observation")).isPositive();

        Path data = work.resolve("copy-db");
        try (BenchDatabase db = BenchDatabase.open(data)) {
            db.migrate();
            db.truncateStore();
            CopyLoad.Result result = CopyLoad.load(db, rows, feeds, data);
            assertThat(result.postgresCpu()).as("PostgreSQL's CPU read from /proc").isPositive();
            assertThat(result.rows()).containsExactlyEntriesOf(pipeline);
            try (Connection c = db.connect()) {
                CopyLoad.verify(c, rows, result.rows());
                try (PreparedStatement ps = c.prepareStatement("SELECT sha256, key_id, data FROM dmp.content LIMIT 5");
                     ResultSet rs = ps.executeQuery()) {
                    int n = 0;
                    while (rs.next()) {
                        byte[] plain = cipher.open(new ContentCipher.Sealed(rs.getString(2), rs.getBytes(3)),
                                "content:" + rs.getString(1));
                        assertThat(fr.dmp.ingest.domain.Sha256.hex(plain)).isEqualTo(rs.getString(1));
                        n++;
                    }
                    assertThat(n).isEqualTo(5);
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM dmp.audit_event WHERE row_hash IS NULL");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("audit rows chained by the trigger").isZero();
                }
            }
        }
        assertThat(ProcessCpu.self()).isPositive();
    }
}
