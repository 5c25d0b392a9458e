package io.switchboard.console;

import io.switchboard.cluster.ClusterNode;
import io.switchboard.cluster.ClusterSettings;
import io.switchboard.config.NodeIdentity;
import io.switchboard.connection.LocalConnections;
import io.switchboard.connection.TransportStatus;
import io.switchboard.metrics.HubMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Samples this node's figures once per interval, swaps them with the other nodes' through Redis in cluster mode, and
 * hands the frame to {@link FigureStream}. Sampling runs with the application, whether or not anyone follows the
 * stream, so rates and latency windows are there when a console opens. Its own thread, not the shared managed
 * scheduler: a Redis command may wait up to its timeout, and the SSE heartbeats must not wait with it.
 */
@ApplicationScoped
public class FigureSampler {

    private static final Logger LOG = Logger.getLogger(FigureSampler.class.getName());

    @Inject
    FigureSettings settings;

    @Inject
    FigureStream stream;

    @Inject
    HubMetrics metrics;

    @Inject
    LocalConnections connections;

    @Inject
    ClusterNode cluster;

    @Inject
    ClusterSettings clusterSettings;

    @Inject
    NodeIdentity node;

    @Resource
    ManagedThreadFactory threadFactory;

    private NodeSampler sampler;
    private FigureBoard board;
    private ScheduledExecutorService ticks;
    private boolean boardFailing;

    void start(@Observes Startup startup) {
        // Being observed at startup makes sampling start with the application.
    }

    @PostConstruct
    void init() {
        sampler = new NodeSampler(node.nodeId(), node.version(), settings.windowSeconds() * 1000);
        board = cluster.commands()
                .map(redis -> new FigureBoard(redis, clusterSettings.streamKey() + ":figures", settings.staleMillis()))
                .orElse(null);
        ticks = Executors.newSingleThreadScheduledExecutor(threadFactory);
        ticks.scheduleAtFixedRate(this::tick, 0, settings.intervalMillis(), TimeUnit.MILLISECONDS);
        LOG.info(() -> "Console figures every " + settings.intervalMillis() + " ms, latency over "
                + settings.windowSeconds() + " s" + (board == null ? "" : ", shared in Redis at " + board.key()));
    }

    @PreDestroy
    void stop() {
        ticks.shutdownNow();
        if (board != null && cluster.redisState() == ClusterNode.RedisState.UP) {
            try {
                board.withdraw(node.nodeId());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "withdrawing this node's figures", e);
            }
        }
    }

    /** Never throws: an exception would end the schedule for good. */
    private void tick() {
        try {
            NodeFigures self = sampler.sample(read());
            stream.publish(ClusterFigures.frame(self, others(self), redisState(), settings.intervalMillis(),
                    settings.windowSeconds()).toString());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sampling the console's figures failed", e);
        }
    }

    /** The other nodes' figures; none while Redis is away (then the cluster view is this node alone). */
    private List<NodeFigures> others(NodeFigures self) {
        if (board == null || cluster.redisState() != ClusterNode.RedisState.UP) {
            return List.of();
        }
        try {
            List<NodeFigures> all = board.exchange(self, System.currentTimeMillis());
            boardFailing = false;
            return all;
        } catch (RuntimeException e) {
            // Logged once per outage, not every second.
            if (!boardFailing) {
                LOG.log(Level.WARNING, "cannot swap the console's figures with the other nodes through Redis", e);
            }
            boardFailing = true;
            return List.of();
        }
    }

    private NodeSampler.Reading read() {
        Map<String, Integer> perTransport = new TreeMap<>();
        boolean up = cluster.ready();
        for (TransportStatus transport : connections.transports()) {
            perTransport.put(transport.name(), transport.connections());
            up &= transport.isUp();
        }
        return new NodeSampler.Reading(System.currentTimeMillis(), System.nanoTime(), up ? "UP" : "DOWN",
                redisState(), node.uptime().toSeconds(), perTransport, metrics.receivedTotal(),
                metrics.deliveredTotal(), metrics.latency().cumulative());
    }

    private String redisState() {
        return cluster.redisState().name().toLowerCase(Locale.ROOT);
    }
}
