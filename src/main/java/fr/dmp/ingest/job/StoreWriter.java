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
 * database refuses is quarantined ({@code INTERNAL_ERROR}) and the others go on; a chunk refused for a
 * reason that is no property of a file (a privilege, a missing table, a full disk), or too many files in a row
 * refused {@code INTERNAL_ERROR}, stops the run instead ({@link SystemicFailure}), the files left claimed.
 * Just before a transaction commits, each file's size and modification time are checked against what the
 * claim saw: a file a sender was still writing is rolled back out of the transaction and given back to the
 * drop folder (issue 16, "Losses" 6).
 */
public final class StoreWriter implements ItemWriter<FileWork>, IngestJobFactory.NeedsJobExecution {

    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

    private final java.util.function.LongFunction<DocumentStore> stores;
    private DocumentStore store;
    private final RetryingTransaction transaction;
    private final Settlement settlement;
    private final Progress progress;
    private final java.nio.file.Path drop;
    private final int maxConsecutiveInternalErrors;
    /** Files in a row refused INTERNAL_ERROR, shared by the run's partitions. */
    private final java.util.concurrent.atomic.AtomicInteger consecutiveInternalErrors;

    StoreWriter(RetryingTransaction transaction, Settlement settlement, Progress progress,
                java.util.function.LongFunction<DocumentStore> stores, java.nio.file.Path drop, int maxConsecutiveInternalErrors,
                java.util.concurrent.atomic.AtomicInteger consecutiveInternalErrors) {
        this.consecutiveInternalErrors = consecutiveInternalErrors;
        this.drop = drop;
        this.maxConsecutiveInternalErrors = maxConsecutiveInternalErrors;
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
        store(files, true);
    }

    /**
     * Stores files and moves those decided; returns their dispositions. With {@code mayDefer}, a file
     * holding a replacement whose target is not stored yet stays claimed, for {@link SettleDeferred}.
     */
    public List<Disposition> store(List<FileWork> given, boolean mayDefer) {
        stopAfterTooManyInternalErrors(given);
        List<FileWork> files = giveBackChanged(given);
        List<Disposition> dispositions;
        try {
            dispositions = writeWithRetry(files, mayDefer);
        } catch (StoreException e) {
            if (e.isTransient()) {
                throw e; // the database is gone: the step fails, the next run completes the work
            }
            if (SystemicFailure.isSystemic(e)) {
                throw SystemicFailure.of(e); // rules.md: no file is quarantined for what is wrong with the store
            }
            log.warn("chunk write refused ({}); writing its {} files one by one", e.getMessage(), files.size());
            dispositions = writeOneByOne(files, mayDefer);
        }
        fr.dmp.ingest.faults.Faults.point("commit");
        Map<String, fr.dmp.ingest.intake.ClaimedFile> byToken = new HashMap<>();
        files.forEach(f -> byToken.put(f.file().token(), f.file()));
        settlement.settle(dispositions, byToken);
        // counted here, not in write(): the replacements SettleDeferred decides after the chunks count too
        progress.add(dispositions.size(), (int) dispositions.stream()
                .filter(d -> d.outcome() == fr.dmp.ingest.intake.FileOutcome.QUARANTINED).count());
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
                if (SystemicFailure.isSystemic(e)) {
                    throw SystemicFailure.of(e);
                }
                countInternalError(true);
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
            return inTransaction(c -> {
                List<Disposition.ItemOutcome> out = store.writePart(c, part);
                steadyOrRollBack(part.file()); // a streamed file too is stored only as it was claimed (issue 16)
                return out;
            });
        } catch (ClaimedFileChanged e) {
            throw e;
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
        Disposition d = inTransaction(c -> {
            Disposition decided = store.decide(c, file, sha256, size, items);
            steadyOrRollBack(file); // its size and time after reading as when claimed, else it goes back and waits
            return decided;
        });
        fr.dmp.ingest.faults.Faults.point("commit");
        settlement.settle(d, file);
        progress.add(1, d.outcome() == fr.dmp.ingest.intake.FileOutcome.QUARANTINED ? 1 : 0);
        return d;
    }

    /**
     * Writes files in one transaction; just before it commits, checks that none was written to since it was
     * claimed (a sender that paused longer than the quiet period, writing on through its open descriptor into
     * the claimed file). If one was, the transaction rolls back, that file goes back to the drop folder and
     * the others are written again.
     */
    private List<Disposition> writeWithRetry(List<FileWork> given, boolean mayDefer) {
        List<FileWork> files = given;
        while (!files.isEmpty()) {
            List<FileWork> steady = files;
            try {
                return inTransaction(c -> {
                    List<Disposition> d = store.write(c, steady, mayDefer).dispositions();
                    if (steady.stream().anyMatch(f -> f.file().changedSinceSeen())) {
                        throw new ClaimedFileChanged();
                    }
                    return d;
                });
            } catch (ClaimedFileChanged e) {
                files = giveBackChanged(steady);
            }
        }
        return List.of();
    }

    /** The files still as claimed; the others (written to since) go back to the drop folder, undecided. */
    private List<FileWork> giveBackChanged(List<FileWork> files) {
        List<FileWork> steady = new ArrayList<>(files.size());
        for (FileWork f : files) {
            if (!f.file().changedSinceSeen()) {
                steady.add(f);
            } else {
                if (!java.nio.file.Files.exists(f.file().path(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    // deleted or moved out of the claim folder by someone else: said so, not "still being written" (round
                    // 29, a crash tester); nothing of it is stored and no run will see it again
                    log.warn("claimed file {} ({}) vanished from the claim folder before it was decided (deleted or moved"
                            + " by someone else): nothing of it is stored; find it where it was moved, or have it sent again",
                            f.file().token(), fr.dmp.ingest.domain.Printable.of(f.file().originalName()));
                    continue;
                }
                boolean back = drop != null && fr.dmp.ingest.intake.Claimer.giveBack(f.file(), drop);
                log.info("claimed file {} was still being written; {}", f.file().token(),
                        back ? "given back to the drop folder" : "left claimed for the next run");
            }
        }
        return steady;
    }

    /** Files in a row refused INTERNAL_ERROR, across chunks: past the limit, the run stops before storing them. */
    private void stopAfterTooManyInternalErrors(List<FileWork> files) {
        for (FileWork f : files) {
            countInternalError(f.items().stream().anyMatch(i -> i instanceof ItemWork.Refused r
                    && r.rejection().reason() == fr.dmp.ingest.domain.ReasonCode.INTERNAL_ERROR));
        }
    }

    private void countInternalError(boolean internalError) {
        int streak = internalError ? consecutiveInternalErrors.incrementAndGet() : 0;
        if (!internalError) {
            consecutiveInternalErrors.set(0);
        }
        if (streak >= maxConsecutiveInternalErrors) {
            // the limit, not the count: the partitions count together and may both pass it
            // round 33, a tester: "no property of the files" sent the operator away from files that all broke the program
            throw new SystemicFailure(maxConsecutiveInternalErrors + " files in a row failed with INTERNAL_ERROR: a fault of"
                    + " this program or of its machine, even when files bring it about (their reason files name the error)");
        }
    }

    /** Rolls back a transaction holding a file a sender wrote to since it was claimed. */
    /** Inside a transaction: rolls it back when the claimed file was written to since it was claimed. */
    private static void steadyOrRollBack(fr.dmp.ingest.intake.ClaimedFile file) {
        if (file.changedSinceSeen()) {
            throw new ClaimedFileChanged();
        }
    }

    /** A claimed file written to since it was claimed (a sender still writing): nothing of the transaction is kept. */
    static final class ClaimedFileChanged extends StoreException {
        ClaimedFileChanged() {
            super("a claimed file changed while it was read", new IllegalStateException("claimed file changed"));
        }
    }

    /** Work in a transaction of its own, retried with back-off on transient database errors. */
    private <T> T inTransaction(ConnectionCallback<T> work) {
        return transaction.run(StoreWriter::failure, c -> {
            fr.dmp.ingest.faults.Faults.write();
            return work.doInConnection(c);
        });
    }

    private static String failure(Throwable cause) {
        String meaning = fr.dmp.ingest.store.StoreException.meaning(fr.dmp.ingest.store.StoreException.sqlState(cause));
        return meaning != null ? "database out of resources" : Transience.isTransient(cause) ? "database unreachable" : "chunk write failed";
    }
}
