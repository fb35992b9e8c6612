package fr.dmp.ingest.remote;

import fr.dmp.ingest.job.FeedPartitioner;
import fr.dmp.ingest.job.IngestJobFactory;
import fr.dmp.ingest.job.JarVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.ConsumeOkEvent;
import org.springframework.amqp.rabbit.listener.ListenerContainerConsumerFailedEvent;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepLocator;
import org.springframework.batch.integration.partition.RemotePartitioningWorkerStepBuilder;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A remote worker (issue 20, {@code java -jar dmp-ingest.jar worker}): takes partition requests from the
 * durable queue one at a time per thread (prefetch 1), and runs each with the job's worker step
 * ({@link RemotePartitioningWorkerStepBuilder}), acknowledging the request only once the partition has ended.
 * A worker killed mid-partition thus gives its request back to the broker, and the worker that gets it runs
 * the partition again once it is stale ({@code dmp.remote.stale-after}); its claims are taken back by the new
 * attempt ({@code ClaimingReader}). A request of another build of the jar is refused, and this worker stops.
 */
public final class Worker {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final ConnectionFactory connections;
    private final AmqpAdmin admin;
    private final Queue queue;
    private final IntegrationFlowContext flows;
    private final JobRepository jobRepository;
    private final IngestJobFactory jobs;
    private final RemoteSettings settings;
    private final BeanFactory beanFactory;
    /** The id of the key this worker seals with; a run's partitions must be sealed under the manager's. */
    private final String sealingKey;
    private final org.springframework.amqp.rabbit.core.RabbitTemplate rabbit;
    /** This worker's store, compared with the one a request names. */
    private final String database;
    private final String version = JarVersion.current();
    private final CompletableFuture<String> refusal = new CompletableFuture<>();
    private final AtomicBoolean refused = new AtomicBoolean();

    Worker(ConnectionFactory connections, AmqpAdmin admin, Queue queue, IntegrationFlowContext flows,
           JobRepository jobRepository, IngestJobFactory jobs, RemoteSettings settings, BeanFactory beanFactory,
           String sealingKey, org.springframework.amqp.rabbit.core.RabbitTemplate rabbit, String database) {
        this.database = database;
        this.sealingKey = sealingKey;
        this.rabbit = rabbit;
        this.connections = connections;
        this.admin = admin;
        this.queue = queue;
        this.flows = flows;
        this.jobRepository = jobRepository;
        this.jobs = jobs;
        this.settings = settings;
        this.beanFactory = beanFactory;
    }

    /** Why the request is not run now: requeued, for a free worker (or this one) to look at again. */
    static final class NotNow extends RuntimeException {
        NotNow(String why) {
            super(why, null, false, false);
        }
    }

    /** How the line of a worker that found no broker at start begins (exit 1, a runtime failure, not 3). */
    public static final String BROKER_REFUSED = "worker: the broker ";

    /**
     * Starts taking requests; the returned future completes with a one-line reason when this worker refuses
     * to go on (another build's request). Until then it runs partitions as they come.
     */
    public CompletableFuture<String> start() {
        try {
            admin.declareQueue(queue);
        } catch (org.springframework.amqp.AmqpException e) {
            // at start, the broker down or refusing (a vhost that does not exist, a password): one line that names it
            return CompletableFuture.completedFuture(BROKER_REFUSED + BrokerFailure.where(connections)
                    + " refused or did not answer (" + BrokerFailure.describe(e) + "): start it or set spring.rabbitmq.*");
        }
        DirectChannel requests = new DirectChannel();
        Step[] step = new Step[1];
        StepLocator locator = name -> IngestJobFactory.WORKER_STEP.equals(name) ? step[0] : null;
        step[0] = jobs.remoteWorkerStep(new RemotePartitioningWorkerStepBuilder(IngestJobFactory.WORKER_STEP, jobRepository)
                .inputChannel(requests)
                .stepLocator(locator)
                .beanFactory(beanFactory)
                .listener(new PartitionLog()));
        flows.getRegistry().values().forEach(r -> r.start()); // the worker builder registers its flow unstarted

        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
        container.setQueueNames(queue.getName());
        container.setPrefetchCount(1); // one request at a time per thread: the others stay for the other workers
        container.setConcurrentConsumers(settings.workerThreads());
        container.setDefaultRequeueRejected(true);
        container.setMissingQueuesFatal(false);
        container.setRecoveryInterval(settings.reconnectEvery().toMillis());
        // a request given back (NotNow) is routine: no stack trace; anything else in one line
        container.setErrorHandler(t -> {
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (!(root instanceof NotNow)) {
                log.warn("partition request given back to the queue: {}", fr.dmp.ingest.job.SafeMessages.describe(t));
            }
        });
        IntegrationFlow inbound = IntegrationFlow.from(Amqp.inboundAdapter(container))
                .transform(String.class, RequestText::parse)
                // a request admit() sent round again is dropped here without Spring Integration's WARN per message
                // (one a second while a partition waits to go stale; round 23, an operator following scale-out.md)
                .filter(StepExecutionRequest.class, this::admit, f -> f.discardChannel("nullChannel"))
                .channel(requests)
                .get();
        flows.registration(inbound).register();
        // the broker lost and back: one line each (the container's own logs, a stack trace every 5 s, are off);
        // set once registered, as the registration gives the container the context's publisher
        AtomicBoolean lost = new AtomicBoolean();
        container.setApplicationEventPublisher(event -> {
            if (event instanceof ListenerContainerConsumerFailedEvent failed && lost.compareAndSet(false, true)) {
                log.warn("the broker connection is lost ({}); trying again every {} ms, the partition in hand goes on",
                        fr.dmp.ingest.job.SafeMessages.describe(failed.getThrowable() == null
                                ? new IllegalStateException() : failed.getThrowable()), settings.reconnectEvery().toMillis());
            } else if (event instanceof ConsumeOkEvent && lost.compareAndSet(true, false)) {
                log.info("the broker connection is back; taking partitions from queue {}", queue.getName());
            }
        });
        log.info("worker {} ({} thread(s)) takes partitions from queue {}", version, settings.workerThreads(), queue.getName());
        return refusal;
    }

    /** Whether to run a request now (true, the partition taken), drop it as done (false), or give it back (throws). */
    boolean admit(StepExecutionRequest request) {
        if (refused.get()) {
            throw new NotNow("this worker refused its manager's build, database or keys");
        }
        StepExecution execution;
        try {
            execution = jobRepository.getStepExecution(request.getStepExecutionId());
        } catch (org.springframework.dao.EmptyResultDataAccessException e) {
            execution = null;
        }
        String theirDatabase = request instanceof RequestText.Request r ? r.database() : null;
        if (execution == null) {
            if (theirDatabase != null && theirDatabase.equals(database)) {
                // this worker's database, without the execution: a request that outlived a store made again
                log.warn("partition request for step execution {}, which this database does not hold: dropped as stale",
                        request.getStepExecutionId());
                return false;
            }
            // round 13, a tester's worker on another database: it gave every request back in a hot loop (6,633 lines in
            // 4 s) and took them from the good workers; dropping them instead would lose the run's partitions
            throw refuse("worker refused: the partition request names step execution " + request.getStepExecutionId()
                    + (theirDatabase == null ? "" : " of database " + theirDatabase) + ", which this worker's database "
                    + database + " does not hold: start the workers on their manager's database (SPRING_DATASOURCE_URL)");
        }
        BatchStatus status = execution.getStatus();
        if (!status.isRunning()) {
            return false; // ended (COMPLETED, FAILED, STOPPED, ABANDONED by a manager that stopped): nothing to run
        }
        org.springframework.batch.core.job.JobExecution job = jobRepository.getJobExecution(execution.getJobExecutionId());
        if (job == null || !job.getStatus().isRunning()) {
            // its manager stopped the run: the next run takes the partition's files, this one must not run beside it;
            // dropped before the build and key checks, so that a stopped run's requests never stop a good worker
            log.info("partition {} of job execution {}: the run has ended; request dropped", execution.getStepName(),
                    execution.getJobExecutionId());
            return false;
        }
        String theirs = execution.getExecutionContext().getString(FeedPartitioner.VERSION, "unknown");
        if (!theirs.equals(version)) {
            throw refuse("worker refused: it runs dmp-ingest " + version + " but the manager of job execution "
                    + execution.getJobExecutionId() + " runs " + theirs + "; start the workers from the manager's jar");
        }
        String managerKey = execution.getExecutionContext().getString(FeedPartitioner.SEALING_KEY, null);
        if (managerKey != null && !managerKey.equals(sealingKey)) {
            // round 13, a tester's worker given a key of its own: it sealed 2,782 contents the site could not open
            throw refuse("worker refused: it would seal under content key '" + sealingKey + "' but the manager of job"
                    + " execution " + execution.getJobExecutionId() + " seals under '" + managerKey + "'; give the workers"
                    + " the manager's keys (" + fr.dmp.ingest.store.ContentKeys.ENVIRONMENT + " or the key file)");
        }
        if (status == BatchStatus.STARTED || status == BatchStatus.STOPPING) {
            LocalDateTime last = execution.getLastUpdated();
            if (last != null && last.isAfter(LocalDateTime.now().minus(settings.staleAfter()))) {
                // the broker gave it back while its worker still runs it (or before that worker's death shows): sent
                // again to the tail of the queue, so that this worker takes the requests behind it meanwhile; given back
                // instead, it came first again at once, and every worker idled for stale-after (round 13)
                pause(Duration.ofSeconds(1));
                rabbit.convertAndSend("", queue.getName(), RequestText.of(request));
                return false;
            }
            // the time the partition's worker wrote, in its own zone (as Spring Batch writes it): said with this one's (round 32)
            log.warn("partition {} of job execution {}: its worker stopped updating it at {}; running it again",
                    execution.getStepName(), execution.getJobExecutionId(),
                    last == null ? null : last.atZone(java.time.ZoneId.systemDefault()).toOffsetDateTime());
        }
        return take(execution);
    }

    /** This worker stops: the request goes back for the others, and {@link #start}'s future says why in one line. */
    private NotNow refuse(String why) {
        if (refused.compareAndSet(false, true)) {
            refusal.complete(why);
        }
        return new NotNow("refused");
    }

    /**
     * Takes the partition by a version-checked update of its execution (STARTED, now): of two workers holding a
     * request for it (a request sent again after a broker restart, a stale one given back), one runs it.
     */
    private boolean take(StepExecution execution) {
        execution.setStatus(BatchStatus.STARTED);
        try {
            jobRepository.update(execution);
            return true;
        } catch (org.springframework.dao.OptimisticLockingFailureException e) {
            pause(Duration.ofSeconds(1));
            throw new NotNow("taken by another worker"); // kept in the queue in case that worker dies
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line per partition run, with counts only (no file name). */
    private static final class PartitionLog implements StepExecutionListener {
        @Override
        public void beforeStep(StepExecution e) {
            log.info("partition {} of job execution {}: started", e.getStepName(), e.getJobExecutionId());
        }

        @Override
        public ExitStatus afterStep(StepExecution e) {
            log.info("partition {} of job execution {}: {} ({} files)", e.getStepName(), e.getJobExecutionId(),
                    e.getStatus(), e.getWriteCount());
            return null;
        }
    }
}
