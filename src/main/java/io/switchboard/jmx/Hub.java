package io.switchboard.jmx;

import io.switchboard.cluster.ClusterNode;
import io.switchboard.config.NodeIdentity;
import io.switchboard.connection.ConnectionInfo;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.Disconnectable;
import io.switchboard.connection.TransportStatus;
import io.switchboard.message.ChatMessage;
import io.switchboard.message.MessageBus;
import io.switchboard.message.MessageValidator;
import io.switchboard.metrics.HubMetrics;
import io.switchboard.message.JsonP;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The {@link HubMXBean}, backed by the application's beans. JMX calls arrive on the JMX connector's threads, outside
 * the application, so each runs with the application's class loader as context class loader (JSON-P and
 * MicroProfile Config find their providers through it).
 */
final class Hub implements HubMXBean {

    static final String SOURCE = "jmx";
    static final String SENDER = "ops";

    private static final Logger LOG = Logger.getLogger(Hub.class.getName());

    private final NodeIdentity node;
    private final ConnectionRegistry registry;
    private final List<TransportStatus> transports;
    private final List<Disconnectable> disconnectables;
    private final HubMetrics metrics;
    private final ClusterNode cluster;
    private final MessageBus bus;
    private final MessageValidator validator;
    private final ClassLoader appClassLoader;

    Hub(NodeIdentity node, ConnectionRegistry registry, List<TransportStatus> transports,
        List<Disconnectable> disconnectables, HubMetrics metrics, ClusterNode cluster, MessageBus bus,
        MessageValidator validator, ClassLoader appClassLoader) {
        this.node = node;
        this.registry = registry;
        this.transports = transports;
        this.disconnectables = disconnectables;
        this.metrics = metrics;
        this.cluster = cluster;
        this.bus = bus;
        this.validator = validator;
        this.appClassLoader = appClassLoader;
    }

    @Override
    public String getNodeId() {
        return inApp(node::nodeId);
    }

    @Override
    public int getConnections() {
        return inApp(() -> transports.stream().mapToInt(TransportStatus::connections).sum());
    }

    @Override
    public int getSseConnections() {
        return connections("sse");
    }

    @Override
    public int getSocketIoConnections() {
        return connections("socketio");
    }

    @Override
    public int getWebSocketConnections() {
        return connections("websocket");
    }

    @Override
    public long getMessagesIn() {
        return metrics.receivedTotal();
    }

    @Override
    public long getMessagesOut() {
        return metrics.deliveredTotal();
    }

    @Override
    public int getOutboxDepth() {
        return inApp(cluster::outboxDepth);
    }

    @Override
    public String broadcastNotice(String text) {
        return inApp(() -> {
            // The same rules as a message sent over REST; a refusal reaches the JMX client as an exception.
            String id;
            try {
                ChatMessage draft = validator.message(JsonP.createObjectBuilder()
                        .add("type", "text").add("content", text == null ? "" : text).add("sender", SENDER).build());
                id = bus.broadcast(draft, SOURCE).id();
            } catch (RuntimeException e) {
                // A JMX client has none of our exception classes: hand it the reason in a JDK exception.
                throw new IllegalArgumentException("notice refused: " + e.getMessage());
            }
            LOG.info(() -> "Notice broadcast over JMX, id " + id);
            return id;
        });
    }

    @Override
    public boolean disconnect(String connectionId) {
        return inApp(() -> {
            for (Disconnectable transport : disconnectables) {
                if (transport.disconnect(connectionId)) {
                    LOG.info(() -> "Connection " + connectionId + " disconnected over JMX");
                    return true;
                }
            }
            return false;
        });
    }

    @Override
    public String[] listConnections() {
        return inApp(() -> registry.list().stream().map(Hub::describe).toArray(String[]::new));
    }

    private static String describe(ConnectionInfo connection) {
        return connection.id() + " " + connection.transport() + " " + connection.remoteAddress() + " "
                + connection.connectedAt() + " rooms=" + new TreeSet<>(connection.rooms());
    }

    private int connections(String transport) {
        return inApp(() -> transports.stream().filter(t -> t.name().equals(transport))
                .mapToInt(TransportStatus::connections).sum());
    }

    private <T> T inApp(Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(appClassLoader);
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
