package io.switchboard.health;

import io.switchboard.auth.Authenticator;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.config.NodeIdentity;
import io.switchboard.connection.LocalConnections;
import io.switchboard.connection.TransportStatus;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import io.switchboard.message.JsonP;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * {@code GET /api/health}: the node, its uptime, each transport's state and connection count, and Redis's state in
 * cluster mode. A Redis outage alone turns the node DOWN (503) only after the configured grace: until then the node
 * still delivers locally and queues for Redis, so a load balancer should keep sending it traffic.
 */
@Path("health")
@RequestScoped
public class HealthResource {

    @Inject
    NodeIdentity node;

    @Inject
    LocalConnections connections;

    @Inject
    ClusterNode cluster;

    @Inject
    Authenticator authenticator;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        JsonObjectBuilder components = JsonP.createObjectBuilder();
        boolean allUp = true;
        for (TransportStatus transport : connections.transports()) {
            allUp &= transport.isUp();
            JsonObjectBuilder component = JsonP.createObjectBuilder()
                    .add("status", transport.isUp() ? "UP" : "DOWN")
                    .add("connections", transport.connections());
            transport.details().forEach(component::add);
            components.add(transport.name(), component);
        }
        allUp &= cluster.ready();
        components.add("redis", JsonP.createObjectBuilder()
                .add("status", cluster.redisState().name().toLowerCase(Locale.ROOT))
                .add("outbox", cluster.outboxDepth())
                .add("ready", cluster.ready()));
        JsonObject body = JsonP.createObjectBuilder()
                .add("status", allUp ? "UP" : "DOWN")
                .add("version", node.version())
                .add("node", node.nodeId())
                .add("uptime_seconds", node.uptime().toSeconds())
                .add("started_at", node.startedAt().toString())
                // Says plainly when the hub is open to anyone; "jwt" when tokens are required.
                .add("auth", authenticator.enabled() ? "jwt" : "disabled")
                .add("components", components)
                .build();
        return Response.status(allUp ? 200 : 503).entity(body).build();
    }
}
