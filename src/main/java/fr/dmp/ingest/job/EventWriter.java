package fr.dmp.ingest.job;

import fr.dmp.ingest.intake.Disposer;
import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.report.Progress;
import fr.dmp.ingest.store.DossierEventStore;
import fr.dmp.ingest.store.EventFileWork;
import fr.dmp.ingest.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Records a chunk of events files (the events themselves and a disposition per file) in one
 * transaction, then moves the files. The events are applied afterwards, all together, in their time
 * order ({@link ApplyEvents}).
 */
public final class EventWriter implements ItemWriter<EventFileWork>, IngestJobFactory.NeedsJobExecution {

    private static final Logger log = LoggerFactory.getLogger(EventWriter.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final RetryTemplate retry;
    private final Disposer disposer;
    private final Progress progress;
    private final AtomicLong moveFailures;
    private final LongFunction<DossierEventStore> stores;
    private DossierEventStore store;

    public EventWriter(JdbcTemplate jdbc, TransactionTemplate requiresNew, RetryTemplate retry, Disposer disposer,
                       Progress progress, AtomicLong moveFailures, LongFunction<DossierEventStore> stores) {
        this.jdbc = jdbc;
        this.tx = requiresNew;
        this.retry = retry;
        this.disposer = disposer;
        this.progress = progress;
        this.moveFailures = moveFailures;
        this.stores = stores;
    }

    @Override
    public void jobExecution(long jobExecutionId) {
        this.store = stores.apply(jobExecutionId);
    }

    @Override
    public void write(Chunk<? extends EventFileWork> chunk) {
        List<EventFileWork> files = new ArrayList<>(chunk.getItems());
        List<Disposition> dispositions;
        try {
            dispositions = retry.execute(() -> {
                try {
                    return tx.execute(s -> jdbc.execute((ConnectionCallback<List<Disposition>>) c -> store.record(c, files)));
                } catch (RuntimeException e) {
                    throw e instanceof StoreException ? e : new StoreException("events write failed", e);
                }
            });
        } catch (RetryException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof StoreException se ? se : new StoreException("events write failed", cause);
        }
        for (int i = 0; i < files.size(); i++) {
            try {
                disposer.dispose(dispositions.get(i), files.get(i).file().path(), files.get(i).file().companion());
            } catch (UncheckedIOException | IllegalStateException e) {
                moveFailures.incrementAndGet();
                log.error("claimed file {} could not be moved ({})", dispositions.get(i).token(), e.getClass().getSimpleName());
            }
        }
        progress.add(files.size());
    }
}
