package fr.dmp.ingest.ops;

import fr.dmp.ingest.PipelineTestSupport;
import fr.dmp.ingest.store.OperatorQueries;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 9, the console's tester (attack 27): ten requeues and ten "handled" fired at once on one quarantined file
 * recorded HANDLED, HANDLED and REQUEUED, and the "handled" file was back in the drop. Closing a file is one statement
 * that acts only while the file is open: exactly one action wins, against real PostgreSQL.
 */
class QuarantineActionRaceTest extends PipelineTestSupport {

    @Test
    void ofTwentyActionsAtOnceOnOneFileExactlyOneIsRecorded() throws Exception {
        ingest("lab-results", dropWithSamples("lab-results"));
        String token = jdbc.queryForObject("SELECT claim_token FROM dmp.disposition WHERE original_name = 'bad-ins-key.hl7'", String.class);
        OperatorQueries queries = new OperatorQueries(jdbc);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                String action = i % 2 == 0 ? "REQUEUED" : "HANDLED";
                Callable<Boolean> close = () -> {
                    start.await();
                    return queries.close("lab-results", token, action, "tester", "race " + action);
                };
                results.add(pool.submit(close));
            }
            start.countDown();
            long won = 0;
            for (Future<Boolean> f : results) {
                won += f.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM dmp.quarantine_action WHERE claim_token = ?", token)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT DISTINCT closed_as FROM dmp.quarantine_entry WHERE claim_token = ?", String.class, token))
                .hasSize(1);
        assertThat(queries.close("lab-results", token, "HANDLED", "tester", "again")).isFalse(); // closed: nothing more
    }
}
