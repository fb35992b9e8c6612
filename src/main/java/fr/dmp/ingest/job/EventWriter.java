package fr.dmp.ingest.job;

import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.report.Progress;
import fr.dmp.ingest.store.DossierEventStore;
import fr.dmp.ingest.store.EventFileWork;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Records a chunk of events files (the events themselves and a disposition per file) in one
 * transaction, then moves the files. The events are applied afterwards, all together, in their time
 * order ({@link ApplyEvents}).
 */
public final class EventWriter implements ItemWriter<EventFileWork>, IngestJobFactory.NeedsJobExecution {

    private final RetryingTransaction transaction;
    private final Settlement settlement;
    private final Progress progress;
    private final LongFunction<DossierEventStore> stores;
    private DossierEventStore store;

    EventWriter(RetryingTransaction transaction, Settlement settlement, Progress progress,
                LongFunction<DossierEventStore> stores) {
        this.transaction = transaction;
        this.settlement = settlement;
        this.progress = progress;
        this.stores = stores;
    }

    @Override
    public void jobExecution(long jobExecutionId) {
        this.store = stores.apply(jobExecutionId);
    }

    @Override
    public void write(Chunk<? extends EventFileWork> chunk) {
        List<EventFileWork> files = new ArrayList<>(chunk.getItems());
        List<Disposition> dispositions = transaction.run(cause -> "events write failed", c -> store.record(c, files));
        java.util.Map<String, fr.dmp.ingest.intake.ClaimedFile> byToken = new java.util.HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            byToken.put(dispositions.get(i).token(), files.get(i).file());
        }
        settlement.settle(dispositions, byToken);
        progress.add(files.size(), (int) dispositions.stream()
                .filter(d -> d.outcome() == fr.dmp.ingest.intake.FileOutcome.QUARANTINED).count());
    }
}
