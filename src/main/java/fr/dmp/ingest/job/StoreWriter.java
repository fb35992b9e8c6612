package fr.dmp.ingest.job;

import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.intake.ClaimedFile;
import fr.dmp.ingest.intake.Disposer;
import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.report.Progress;
import fr.dmp.ingest.store.DocumentStore;
import fr.dmp.ingest.store.FileWork;
import fr.dmp.ingest.store.ItemWork;
import fr.dmp.ingest.store.StoreException;
import fr.dmp.ingest.store.Transience;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a chunk in its own transaction, retried on transient database errors with a bounded back-off,
 * and only after that transaction committed moves each file to the archive or the quarantine. A chunk
 * that fails for a non-transient reason is written again file by file, so that one file whose data the
 * database refuses is quarantined ({@code INTERNAL_ERROR}) and the others go on.
 */
public final class StoreWriter implements ItemWriter<FileWork>, IngestJobFactory.NeedsJobExecution {

    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

    private final java.util.function.LongFunction<DocumentStore> stores;
    private DocumentStore store;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final RetryTemplate retry;
    private final Disposer disposer;
    private final Progress progress;
    private final AtomicLong moveFailures;

    public StoreWriter(JdbcTemplate jdbc, TransactionTemplate requiresNew, RetryTemplate retry, Disposer disposer,
                       Progress progress, AtomicLong moveFailures, java.util.function.LongFunction<DocumentStore> stores) {
        this.stores = stores;
        this.jdbc = jdbc;
        this.tx = requiresNew;
        this.retry = retry;
        this.disposer = disposer;
        this.progress = progress;
        this.moveFailures = moveFailures;
    }

    /** Every row written records the job execution that wrote it. */
    @Override
    public void jobExecution(long jobExecutionId) {
        this.store = stores.apply(jobExecutionId);
    }

    @Override
    public void write(Chunk<? extends FileWork> chunk) {
        List<FileWork> files = new ArrayList<>(chunk.getItems());
        progress.add(store(files, true).size());
    }

    /**
     * Stores files and moves those decided; returns their dispositions. With {@code mayDefer}, a file
     * holding a replacement whose target is not stored yet stays claimed, for {@link SettleDeferred}.
     */
    public List<Disposition> store(List<FileWork> files, boolean mayDefer) {
        List<Disposition> dispositions;
        try {
            dispositions = writeWithRetry(files, mayDefer);
        } catch (StoreException e) {
            if (e.isTransient()) {
                throw e; // the database is gone: the step fails, the next run completes the work
            }
            log.warn("chunk write refused ({}); writing its {} files one by one", e.getMessage(), files.size());
            dispositions = writeOneByOne(files, mayDefer);
        }
        fr.dmp.ingest.faults.Faults.point("commit");
        Map<String, FileWork> byToken = new HashMap<>();
        files.forEach(f -> byToken.put(f.file().token(), f));
        for (Disposition d : dispositions) {
            move(d, byToken.get(d.token()).file());
        }
        return dispositions;
    }

    private List<Disposition> writeOneByOne(List<FileWork> files, boolean mayDefer) {
        List<Disposition> out = new ArrayList<>(files.size());
        for (FileWork f : files) {
            try {
                out.addAll(writeWithRetry(List.of(f), mayDefer));
            } catch (StoreException e) {
                if (e.isTransient()) {
                    throw e;
                }
                log.warn("claimed file {} refused by the store ({}); quarantined", f.file().token(), e.getMessage());
                FileWork refused = new FileWork(f.file(), f.sha256(), f.size(),
                        List.of(new ItemWork.Refused(0, Rejection.internalError(e))));
                out.addAll(writeWithRetry(List.of(refused), false));
            }
        }
        return out;
    }

    /**
     * Stores one part of a streamed file in its own transaction, no disposition yet. If the store
     * refuses the part, its items are written one by one and the refused ones become INTERNAL_ERROR.
     */
    public List<Disposition.ItemOutcome> storePart(FileWork part) {
        try {
            return inTransaction(c -> store.writePart(c, part));
        } catch (StoreException e) {
            if (e.isTransient() || part.items().size() == 1) {
                throw e;
            }
            log.warn("part of claimed file {} refused by the store ({}); writing its {} items one by one",
                    part.file().token(), e.getMessage(), part.items().size());
        }
        List<Disposition.ItemOutcome> out = new ArrayList<>(part.items().size());
        for (ItemWork item : part.items()) {
            FileWork one = new FileWork(part.file(), part.sha256(), part.size(), List.of(item));
            try {
                out.addAll(inTransaction(c -> store.writePart(c, one)));
            } catch (StoreException e) {
                if (e.isTransient()) {
                    throw e;
                }
                FileWork refused = new FileWork(part.file(), part.sha256(), part.size(),
                        List.of(new ItemWork.Refused(item.index(), Rejection.internalError(e))));
                out.addAll(inTransaction(c -> store.writePart(c, refused)));
            }
        }
        return out;
    }

    /** Records the disposition of a streamed file whose parts are stored, then moves it. */
    public Disposition decide(ClaimedFile file, String sha256, long size, List<Disposition.ItemOutcome> items) {
        Disposition d = inTransaction(c -> store.decide(c, file, sha256, size, items));
        fr.dmp.ingest.faults.Faults.point("commit");
        move(d, file);
        progress.add(1);
        return d;
    }

    private List<Disposition> writeWithRetry(List<FileWork> files, boolean mayDefer) {
        return inTransaction(c -> store.write(c, files, mayDefer).dispositions());
    }

    /** Work in a transaction of its own, retried with back-off on transient database errors. */
    private <T> T inTransaction(ConnectionCallback<T> work) {
        try {
            return retry.execute(() -> {
                try {
                    return tx.execute(status -> jdbc.execute((ConnectionCallback<T>) c -> {
                        fr.dmp.ingest.faults.Faults.write();
                        return work.doInConnection(c);
                    }));
                } catch (RuntimeException e) {
                    // from here on only the sanitised form travels: the server's message may hold data
                    throw e instanceof StoreException ? e : new StoreException(
                            Transience.isTransient(e) ? "database unreachable" : "chunk write failed", e);
                }
            });
        } catch (RetryException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof StoreException se ? se : new StoreException(
                    Transience.isTransient(cause) ? "database unreachable" : "chunk write failed", cause);
        }
    }

    private void move(Disposition d, ClaimedFile f) {
        try {
            disposer.dispose(d, f.path(), f.companion());
        } catch (UncheckedIOException | IllegalStateException e) {
            // committed: the file stays claimed and the next run's recovery moves it
            moveFailures.incrementAndGet();
            log.error("claimed file {} could not be moved to its {} folder ({})", d.token(),
                    d.outcome().name().toLowerCase(), e.getCause() == null ? e.getClass().getSimpleName()
                            : e.getCause().getClass().getSimpleName());
        }
    }
}
