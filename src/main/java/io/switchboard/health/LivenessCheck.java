package io.switchboard.health;

import io.switchboard.sse.SseHub;
import io.switchboard.websocket.WebSocketHub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the hubs' own executors run (SSE writers and heartbeat, WebSocket writers): without them clients stay
 * connected but get nothing, which only a restart cures. Socket.IO and Redis are readiness matters, not liveness.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    @Inject
    SseHub sse;

    @Inject
    WebSocketHub webSocket;

    @Override
    public HealthCheckResponse call() {
        boolean sseAlive = sse.isUp();
        boolean webSocketAlive = webSocket.isUp();
        return HealthCheckResponse.named("switchboard-live")
                .status(sseAlive && webSocketAlive)
                .withData("sse", sseAlive ? "UP" : "DOWN")
                .withData("websocket", webSocketAlive ? "UP" : "DOWN")
                .build();
    }
}
