package io.switchboard.metrics;

import io.switchboard.cluster.ClusterNode;
import io.switchboard.connection.LocalConnections;
import io.switchboard.connection.TransportStatus;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.TreeMap;

/** {@code GET /api/metrics}: the hub's metrics for Prometheus to scrape (text format 0.0.4). */
@Path("metrics")
@RequestScoped
public class MetricsResource {

    @Inject
    HubMetrics metrics;

    @Inject
    LocalConnections connections;

    @Inject
    ClusterNode cluster;

    @GET
    @Produces("text/plain")
    public Response scrape() {
        Map<String, Integer> perTransport = new TreeMap<>();
        for (TransportStatus transport : connections.transports()) {
            perTransport.put(transport.name(), transport.connections());
        }
        String body = PrometheusText.render(metrics, perTransport, cluster.outboxDepth());
        // The exact content type Prometheus expects, version parameter included.
        return Response.ok(body).header("Content-Type", PrometheusText.CONTENT_TYPE).build();
    }
}
