package fr.dmp.ingest.remote;

import fr.dmp.ingest.job.RemotePartitions;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.messaging.MessageChannel;

import java.time.Duration;

/**
 * The manager's way to the workers: the partition step's requests, as text, to the durable queue through
 * Spring Integration's AMQP outbound adapter (persistent messages: they survive a broker restart).
 */
final class PartitionRequests implements RemotePartitions {

    private final DirectChannel requests = new DirectChannel();
    private final RemoteSettings settings;
    private final RabbitTemplate rabbit;
    private final AmqpAdmin admin;
    private final Queue queue;
    private final IntegrationFlowContext flows;
    private volatile boolean started;

    PartitionRequests(RabbitTemplate rabbit, AmqpAdmin admin, Queue queue, IntegrationFlowContext flows, RemoteSettings settings) {
        this.rabbit = rabbit;
        this.admin = admin;
        this.queue = queue;
        this.flows = flows;
        this.settings = settings;
    }

    @Override
    public synchronized MessageChannel requests() {
        if (!started) {
            admin.declareQueue(queue); // here, not at start: the broker is needed by a remote run only
            IntegrationFlow flow = IntegrationFlow.from(requests)
                    .transform(StepExecutionRequest.class, RequestText::of)
                    .handle(Amqp.outboundAdapter(rabbit).routingKey(queue.getName()))
                    .get();
            flows.registration(flow).register();
            started = true;
        }
        return requests;
    }

    @Override
    public Duration pollInterval() {
        return settings.pollInterval();
    }

    @Override
    public Duration timeout() {
        return settings.timeout();
    }
}
