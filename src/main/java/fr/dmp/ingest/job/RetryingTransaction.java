package fr.dmp.ingest.job;

import fr.dmp.ingest.store.StoreException;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Function;

/**
 * Work on one connection in a transaction of its own, retried with a bounded exponential back-off
 * ({@code dmp.retries}, {@code dmp.retry-delay}) while it fails transiently ({@link
 * fr.dmp.ingest.store.Transience}), and failing in one line: a {@link StoreException} that says what
 * failed, the cause's class and SQLState, never the server's message (it may quote data).
 */
final class RetryingTransaction {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate requiresNew;
    private final RetryTemplate retry;

    RetryingTransaction(JdbcTemplate jdbc, TransactionTemplate requiresNew, RetryTemplate retry) {
        this.jdbc = jdbc;
        this.requiresNew = requiresNew;
        this.retry = retry;
    }

    /** Transactions of their own (REQUIRES_NEW), retried on a transient {@link StoreException} only. */
    static RetryingTransaction of(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, IngestSettings settings) {
        TransactionTemplate requiresNew = new TransactionTemplate(transactionManager);
        requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        RetryTemplate retry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(settings.retries())
                .delay(settings.retryDelay())
                .multiplier(2.0)
                .predicate(t -> t instanceof StoreException se && se.isTransient())
                .build());
        return new RetryingTransaction(jdbc, requiresNew, retry);
    }

    /**
     * Runs {@code work} until it commits or fails for good.
     *
     * @param failed what failed, given the cause (its message travels; the cause's does not)
     */
    <T> T run(Function<Throwable, String> failed, ConnectionCallback<T> work) {
        try {
            return retry.execute(() -> {
                try {
                    return requiresNew.execute(status -> jdbc.execute(work));
                } catch (RuntimeException e) {
                    // from here on only the sanitised form travels: the server's message may hold data
                    throw e instanceof StoreException ? e : new StoreException(failed.apply(e), e);
                }
            });
        } catch (RetryException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof StoreException se ? se : new StoreException(failed.apply(cause), cause);
        }
    }
}
