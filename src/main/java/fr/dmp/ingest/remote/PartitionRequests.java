package fr.dmp.ingest.remote;

import fr.dmp.ingest.domain.SafeToPrint;
import fr.dmp.ingest.job.RemotePartitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.support.MessageBuilder;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The manager's way to the workers (issue 20): each partition of a run as a text request to the durable queue
 * through Spring Integration's AMQP outbound adapter (persistent messages), then the job repository polled until
 * every partition has ended. The broker is probed at each poll: once its connection was lost and is back (a
 * restarted broker, which may have lost its queue), the requests of the partitions no worker has begun are sent
 * again (a worker takes a partition by a version-checked update, so a second copy is harmless); a broker away for
 * longer than {@code dmp.remote.broker-wait}, or the run longer than {@code dmp.remote.timeout}, stops the run in
 * one line once the partitions in progress have ended: the next run finishes the work.
 */
final class PartitionRequests implements RemotePartitions {

    private static final Logger log = LoggerFactory.getLogger(PartitionRequests.class);

    private final DirectChannel requests = new DirectChannel();
    private final RemoteSettings settings;
    private final RabbitTemplate rabbit;
    private final AmqpAdmin admin;
    private final Queue queue;
    private final IntegrationFlowContext flows;
    private final JobRepository jobRepository;
    /** The store's database, named in each request: a worker on another one refuses (round 13). */
    private final String database;
    /** Connections opened to the broker: a new one after the first means the broker was lost in between. */
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean started;

    PartitionRequests(RabbitTemplate rabbit, AmqpAdmin admin, Queue queue, IntegrationFlowContext flows,
                      JobRepository jobRepository, RemoteSettings settings, String database) {
        this.database = database;
        this.rabbit = rabbit;
        this.admin = admin;
        this.queue = queue;
        this.flows = flows;
        this.jobRepository = jobRepository;
        this.settings = settings;
    }

    @Override
    public PartitionHandler handler(String workerStep) {
        return new Handler(workerStep);
    }

    private synchronized void start() {
        if (!started) {
            rabbit.getConnectionFactory().addConnectionListener(new ConnectionListener() {
                @Override
                public void onCreate(org.springframework.amqp.rabbit.connection.Connection connection) {
                    connections.incrementAndGet();
                }
            });
            IntegrationFlow flow = IntegrationFlow.from(requests)
                    .transform(StepExecutionRequest.class, RequestText::of)
                    .handle(Amqp.outboundAdapter(rabbit).routingKey(queue.getName()))
                    .get();
            flows.registration(flow).register();
            started = true;
        }
    }

    /**
     * The run's stop for a broker lost too long or a run too long: the job ends STOPPED and the CLI says why in
     * one line (an interruption, which Spring Batch does not log as a step error with its stack trace); no data.
     */
    static final class RunStopped extends JobInterruptedException implements SafeToPrint {
        RunStopped(String message) {
            super(message, BatchStatus.STOPPED);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final class Handler extends AbstractPartitionHandler {

        private final String workerStep;

        Handler(String workerStep) {
            this.workerStep = workerStep;
        }

        @Override
        protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws RunStopped {
            start();
            Instant begun = Instant.now();
            Instant lostSince = null;
            long seen = connections.get();
            if (!send(partitions)) {
                lostSince = begun;
            } else {
                seen = connections.get();
            }
            // a short partition (an empty feed's one) is seen ended within 50 ms, a long run polled every pollInterval
            Duration wait = Duration.ofMillis(Math.min(50, settings.pollInterval().toMillis()));
            QueueWatch watch = new QueueWatch(begun);
            while (true) {
                pause(wait);
                wait = java.util.Collections.min(List.of(wait.multipliedBy(2), settings.pollInterval()));
                Map<Long, StepExecution> now = current(manager, partitions);
                if (now.values().stream().noneMatch(e -> e.getStatus().isRunning())) {
                    return Set.copyOf(now.values());
                }
                BatchStatus job = jobRepository.getJobExecution(manager.getJobExecutionId()).getStatus();
                if (job != BatchStatus.STARTED && job != BatchStatus.STARTING) {
                    // SIGTERM/SIGINT (or a stop from the console): workers end their chunk in hand, none begins one.
                    // Spring Batch 6's JobOperator.stop may mark the job STOPPED at once, not STOPPING: waiting for
                    // STOPPING alone polled for ever (round 13, a tester's SIGTERM)
                    throw stop(manager, now, "the run was asked to stop");
                }
                boolean reachable = probe();
                Instant t = Instant.now();
                if (!reachable) {
                    if (lostSince == null) {
                        lostSince = t;
                        log.warn("the broker {} is unreachable; waiting up to {} for it", where(), human(settings.brokerWait()));
                    } else if (Duration.between(lostSince, t).compareTo(settings.brokerWait()) > 0) {
                        throw stop(manager, now, "the broker " + where() + " was unreachable for more than "
                                + human(settings.brokerWait()) + (lastFailure == null ? "" : " (" + lastFailure + ")"));
                    }
                } else if (lostSince != null || connections.get() != seen) {
                    // back after a loss: requests not yet taken may have been lost with it, send them again
                    List<StepExecution> waiting = now.values().stream().filter(e -> e.getStatus() == BatchStatus.STARTING).toList();
                    log.warn("the broker {} is back; sending again the requests of the {} partitions not begun",
                            where(), waiting.size());
                    if (send(waiting)) {
                        lostSince = null;
                        seen = connections.get();
                    } else if (lostSince == null) {
                        lostSince = t;
                    }
                }
                if (reachable && lostSince == null) {
                    watch.look(now.values(), t);
                }
                if (Duration.between(begun, t).compareTo(settings.timeout()) > 0) {
                    throw stop(manager, now, "the partitions did not all end within " + human(settings.timeout()));
                }
            }
        }

        /**
         * What the queue holds while partitions wait to be begun (round 13, a tester's purged queue: its requests
         * were never sent again, and the run waited the whole timeout, 12 h by default, as it did with no worker).
         * Requests of partitions not begun that the queue no longer holds (purged, deleted and declared again,
         * expired by a broker policy) are sent again: none ready in the queue at two polls in a row, or none and
         * no consumer that could hold one; a copy too many is harmless (a worker takes a partition by a
         * version-checked update). No worker for a while is said in one line, once per absence.
         */
        private final class QueueWatch {
            private Instant emptySeen;
            private Instant lastResent;
            private Instant noWorkerSince;
            private boolean told;
            /** Ten polls, at least 5 s: how long the queue must look so before it is acted on, or said. */
            private final Duration settle = settings.pollInterval().multipliedBy(10).compareTo(Duration.ofSeconds(5)) > 0
                    ? settings.pollInterval().multipliedBy(10) : Duration.ofSeconds(5);

            QueueWatch(Instant begun) {
                this.lastResent = begun;
            }

            void look(Collection<StepExecution> partitions, Instant t) {
                // not begun, or begun by a worker that stopped updating it: the request of the latter may be circling
                // the queue until it is stale, and lost with the queue too (a review of round 13)
                List<StepExecution> waiting = partitions.stream().filter(e -> e.getStatus() == BatchStatus.STARTING
                        || e.getStatus().isRunning() && !runningAndFresh(e)).toList();
                org.springframework.amqp.core.QueueInformation info;
                try {
                    info = waiting.isEmpty() ? null : admin.getQueueInfo(queue.getName());
                } catch (RuntimeException e) {
                    info = null; // the next probe says whether the broker is there
                }
                if (info == null) {
                    emptySeen = null;
                    noWorkerSince = null;
                    return;
                }
                if (info.getMessageCount() == 0) {
                    boolean lost = info.getConsumerCount() == 0 || emptySeen != null;
                    emptySeen = emptySeen == null ? t : emptySeen;
                    if (lost && Duration.between(lastResent, t).compareTo(settle) >= 0) {
                        log.warn("the queue {} holds none of the requests of the {} partitions not begun or left by their"
                                + " worker (purged, deleted or expired?); sending them again", queue.getName(), waiting.size());
                        send(waiting);
                        lastResent = t;
                        emptySeen = null;
                    }
                } else {
                    emptySeen = null;
                }
                if (info.getConsumerCount() > 0) {
                    noWorkerSince = null;
                    told = false;
                } else {
                    noWorkerSince = noWorkerSince == null ? t : noWorkerSince;
                    if (!told && Duration.between(noWorkerSince, t).compareTo(settle) >= 0) {
                        log.warn("no worker takes requests from the queue {}: start 'dmp-ingest worker' with this run's"
                                + " database, keys and jar; the run waits for one up to {} in all", queue.getName(),
                                human(settings.timeout()));
                        told = true;
                    }
                }
            }
        }

        /** Whether every request was handed to the broker. */
        private boolean send(Collection<StepExecution> partitions) {
            try {
                for (StepExecution p : partitions) {
                    requests.send(MessageBuilder.withPayload(new RequestText.Request(workerStep, p.getId(), database)).build());
                }
                return true;
            } catch (RuntimeException e) {
                return false; // the broker is away: the poll loop waits for it, bounded
            }
        }

        /** Declaring the queue tells whether the broker answers, and gives back a queue a restarted broker lost. */
        private boolean probe() {
            try {
                admin.declareQueue(queue);
                return true;
            } catch (RuntimeException e) {
                lastFailure = BrokerFailure.describe(e);
                return false;
            }
        }

        /** The broker's last refusal, said when the run stops for it (a missing vhost is no unreachable broker). */
        private String lastFailure;

        private Map<Long, StepExecution> current(StepExecution manager, Set<StepExecution> partitions) {
            Set<Long> ids = new java.util.HashSet<>();
            partitions.forEach(p -> ids.add(p.getId()));
            JobExecution job = jobRepository.getJobExecution(manager.getJobExecutionId());
            Map<Long, StepExecution> out = new HashMap<>();
            for (StepExecution e : job.getStepExecutions()) {
                if (ids.contains(e.getId())) {
                    out.put(e.getId(), e);
                }
            }
            return out;
        }

        /**
         * Stops the run: the partitions no worker has begun are abandoned (a late request for one is dropped by
         * its worker), and those in progress are waited for while their workers update them, so that the next
         * run, which takes over this one's claimed files, never runs beside them.
         */
        private RunStopped stop(StepExecution manager, Map<Long, StepExecution> now, String why) throws RunStopped {
            int abandoned = 0;
            for (StepExecution e : now.values()) {
                if (e.getStatus() == BatchStatus.STARTING) {
                    e.setStatus(BatchStatus.ABANDONED);
                    e.setEndTime(LocalDateTime.now());
                    try {
                        jobRepository.update(e);
                        abandoned++;
                    } catch (OptimisticLockingFailureException taken) {
                        // a worker took it meanwhile: waited for below
                    }
                }
            }
            Map<Long, StepExecution> left = current(manager, now.values().stream().collect(java.util.stream.Collectors.toSet()));
            while (left.values().stream().anyMatch(this::runningAndFresh)) {
                pause(settings.pollInterval());
                left = current(manager, left.values().stream().collect(java.util.stream.Collectors.toSet()));
            }
            long done = left.values().stream().filter(e -> e.getStatus() == BatchStatus.COMPLETED).count();
            return new RunStopped(why + "; " + done + " of " + now.size() + " partitions done, " + abandoned
                    + " not begun: run 'ingest --feed " + manager.getJobExecution().getJobParameters().getString("feed")
                    + " --remote' again to finish");
        }

        private boolean runningAndFresh(StepExecution e) {
            LocalDateTime last = e.getLastUpdated();
            return e.getStatus().isRunning()
                    && (last == null || last.isAfter(LocalDateTime.now().minus(settings.staleAfter())));
        }
    }

    private String where() {
        return BrokerFailure.where(rabbit.getConnectionFactory());
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    private static void pause(Duration d) throws RunStopped {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunStopped("interrupted while waiting for the partitions");
        }
    }
}
