package fr.dmp.ingest.job;

import fr.dmp.ingest.store.DossierEventStore;
import fr.dmp.ingest.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.LongFunction;

/**
 * Applies the recorded dossier events in the order of their time, a batch per transaction. Applying is
 * idempotent (each event moves from PENDING once), so a run killed here is finished by the next one.
 */
public final class ApplyEvents implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(ApplyEvents.class);
    static final int BATCH = 200;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final LongFunction<DossierEventStore> stores;

    public ApplyEvents(JdbcTemplate jdbc, TransactionTemplate requiresNew, LongFunction<DossierEventStore> stores) {
        this.jdbc = jdbc;
        this.tx = requiresNew;
        this.stores = stores;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        DossierEventStore store = stores.apply(chunkContext.getStepContext().getStepExecution().getJobExecutionId());
        int total = 0;
        int waiting = 0;
        DossierEventStore.Cursor after = null;
        while (true) {
            DossierEventStore.Cursor from = after;
            DossierEventStore.Pass pass;
            try {
                pass = tx.execute(s -> jdbc.execute((ConnectionCallback<DossierEventStore.Pass>) c -> store.applyPending(c, BATCH, from)));
            } catch (RuntimeException e) {
                throw new StoreException("applying dossier events failed", e);
            }
            if (pass == null || pass.handled() == 0) {
                break;
            }
            total += pass.handled() - pass.waiting();
            waiting += pass.waiting();
            after = pass.last();
        }
        if (total > 0) {
            log.info("applied {} dossier events in the order of their time", total);
        }
        if (waiting > 0) {
            log.warn("{} dossier events wait for a dossier not opened yet; they apply on a later run", waiting);
        }
        contribution.incrementWriteCount(total);
        return RepeatStatus.FINISHED;
    }
}
