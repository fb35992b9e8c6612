package fr.dmp.ingest.store;

import fr.dmp.ingest.PipelineTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 29, a tester migrating a laboratory's archive: one file of 12,366 reports failed its feed at every run ("out of
 * shared memory", SQLState 53200) and stayed claimed, never archived nor quarantined: its transaction took one advisory
 * lock per report's set and lab order (rules.md R13), past what PostgreSQL's lock table holds (max_locks_per_transaction
 * times the connections, with some slack). Here a transaction locks four times as many sets as that.
 */
class SetLocksTest extends PipelineTestSupport {

    @Test
    void r13_aTransactionOfMoreSetsThanTheLockTableHoldsLocksThemAllAtOnce() {
        long lockTable = count("SELECT current_setting('max_locks_per_transaction')::int"
                + " * (current_setting('max_connections')::int + current_setting('max_prepared_transactions')::int)");
        List<String> sets = IntStream.range(0, (int) lockTable * 4).mapToObj(i -> "1.2.250.1.999^SET-" + i).sorted().toList();
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        Long held = tx.execute(s -> jdbc.execute((java.sql.Connection c) -> {
            DocumentStore.lockSets(c, sets);
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND pid = pg_backend_pid()")) {
                rs.next();
                return rs.getLong(1);
            }
        }));
        assertThat(held).isEqualTo(1L);
        // a chunk of a few sets holds each one, and the shared form of the lock that excludes the large transactions
        Long few = tx.execute(s -> jdbc.execute((java.sql.Connection c) -> {
            DocumentStore.lockSets(c, sets.subList(0, 3));
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND pid = pg_backend_pid()")) {
                rs.next();
                return rs.getLong(1);
            }
        }));
        assertThat(few).isEqualTo(4L);
    }
}
