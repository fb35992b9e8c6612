package fr.dmp.ingest.job;

import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.intake.ClaimedFile;
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
import org.springframework.jdbc.core.ConnectionCallback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final RetryingTransaction transaction;
    private final Settlement settlement;
    private final Progress progress;

    StoreWriter(RetryingTransaction transaction, Settlement settlement, Progress progress,
                java.util.function.LongFunction<DocumentStore> stores) {
        this.stores = stores;
        this.transaction = transaction;
        this.settlement = settlement;
        this.progress = progress;
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
            settlement.settle(d, byToken.get(d.token()).file());
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
        settlement.settle(d, file);
        progress.add(1);
        return d;
    }

    private List<Disposition> writeWithRetry(List<FileWork> files, boolean mayDefer) {
        return inTransaction(c -> store.write(c, files, mayDefer).dispositions());
    }

    /** Work in a transaction of its own, retried with back-off on transient database errors. */
    private <T> T inTransaction(ConnectionCallback<T> work) {
        return transaction.run(StoreWriter::failure, c -> {
            fr.dmp.ingest.faults.Faults.write();
            return work.doInConnection(c);
        });
    }

    private static String failure(Throwable cause) {
        return Transience.isTransient(cause) ? "database unreachable" : "chunk write failed";
    }
}
