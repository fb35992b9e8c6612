package fr.dmp.ingest.remote;

import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.model.SystemConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An AMQP 0-9-1 broker in the test's JVM (Apache Qpid Broker-J, memory store, user guest) for machines without
 * RabbitMQ (issue 20): a real broker speaking the protocol the workers speak, never a mock. It can be stopped and
 * started again on the same port, as a restarted broker; being a memory store, it forgets its queues and
 * messages then, the harder case of a restart (a RabbitMQ keeps durable queues and persistent messages).
 */
final class EmbeddedAmqpBroker implements AutoCloseable {

    private final int port;
    private final Path workFolder;
    private SystemLauncher launcher;

    private EmbeddedAmqpBroker(int port, Path workFolder) {
        this.port = port;
        this.workFolder = workFolder;
    }

    /** Started on a free port of 127.0.0.1, its work folder (Qpid's preferences) a temporary one. */
    static EmbeddedAmqpBroker start() {
        try {
            EmbeddedAmqpBroker broker = new EmbeddedAmqpBroker(freePort(), Files.createTempDirectory("dmp-qpid-"));
            broker.startAgain();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    boolean running() {
        return launcher != null;
    }

    /** Starts the broker (again) on its port: a fresh memory store, so no queue and no message of before. */
    synchronized void startAgain() {
        if (launcher != null) {
            return;
        }
        quietLogs();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(SystemConfig.TYPE, "Memory");
        attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION,
                Objects.requireNonNull(EmbeddedAmqpBroker.class.getResource("/qpid-embedded.json")).toExternalForm());
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        attributes.put(SystemConfig.CONTEXT, Map.of(
                "qpid.amqp_port", String.valueOf(port),
                SystemConfig.QPID_WORK_DIR, workFolder.toString()));
        SystemLauncher l = new SystemLauncher();
        try {
            l.startup(attributes);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded AMQP broker did not start on port " + port, e);
        }
        launcher = l;
    }

    /** Stops the broker, closing every client connection, as a broker restart or crash does. */
    synchronized void stop() {
        if (launcher != null) {
            quietLogs(); // again: logging may have been configured anew in this JVM since (a Spring context started)
            launcher.shutdown();
            launcher = null;
        }
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(workFolder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the system cleans it
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Qpid logs every connection and queue at INFO (its operational log), and an ERROR for each client that
     * knocks while it stops or starts, which the restart test does on purpose: errors only, those not.
     */
    private static void quietLogs() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            for (String name : java.util.List.of("org.apache.qpid", "qpid")) {
                logback.getLogger(name).setLevel(ch.qos.logback.classic.Level.ERROR);
            }
            logback.getLogger("org.apache.qpid.server.transport.NonBlockingNetworkTransport").setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }
}
