package io.switchboard.health;

import io.switchboard.cluster.ClusterNode;
import io.switchboard.socketio.SocketIoTransport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready to take clients: the Socket.IO server listens, and in cluster mode Redis answers or has been away for less
 * than the grace (the node delivers locally and queues meanwhile, so it should keep its traffic until then).
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    SocketIoTransport socketIo;

    @Inject
    ClusterNode cluster;

    @Override
    public HealthCheckResponse call() {
        boolean socketIoUp = socketIo.isUp();
        boolean redisReady = cluster.ready();
        return HealthCheckResponse.named("switchboard-ready")
                .status(socketIoUp && redisReady)
                .withData("socketio", socketIoUp ? "UP" : "DOWN")
                .withData("redis", cluster.redisState().name())
                .withData("redis_ready", redisReady)
                .withData("outbox", cluster.outboxDepth())
                .build();
    }
}
