package io.switchboard.socketio;

import io.switchboard.auth.Authenticator;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.ratelimit.RateLimits;
import io.switchboard.connection.TransportStatus;
import io.switchboard.message.HubEvent;
import io.switchboard.message.MessageBus;
import io.switchboard.message.MessageValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Socket.IO transport as the application sees it: started and stopped by the startup bean, fed with hub events,
 * and reported in {@code /api/health} ({@code socketio} is DOWN when the server could not listen).
 */
@ApplicationScoped
public class SocketIoTransport implements TransportStatus {

    private static final Logger LOG = Logger.getLogger(SocketIoTransport.class.getName());

    @Inject
    SocketIoSettings settings;

    @Inject
    MessageValidator validator;

    @Inject
    MessageBus bus;

    @Inject
    ConnectionRegistry registry;

    @Inject
    Authenticator authenticator;

    @Inject
    RateLimits limits;

    private volatile SocketIoEngine engine;

    /** Starts the server; when it cannot listen, logs SEVERE and stays DOWN rather than failing the whole node. */
    public synchronized void start() {
        if (engine != null) {
            return;
        }
        SocketIoEngine candidate = new SocketIoEngine(settings,
                new ClientRequests(validator, draft -> bus.send(draft, SocketIoEngine.TRANSPORT)), registry,
                Thread.currentThread().getContextClassLoader(), authenticator, limits);
        try {
            candidate.start();
            engine = candidate;
            LOG.info(() -> "Socket.IO listening on " + settings.host() + ":" + settings.port() + ", path "
                    + SocketIoSettings.PATH + "/ (Jackson " + JacksonVersion.describe() + ")");
        } catch (IllegalStateException e) {
            LOG.log(Level.SEVERE, "Socket.IO transport is DOWN: " + e.getMessage(), e);
        }
    }

    public synchronized void stop() {
        SocketIoEngine running = engine;
        engine = null;
        if (running != null) {
            running.stop();
            LOG.info("Socket.IO server stopped");
        }
    }

    public void deliver(@Observes HubEvent event) {
        SocketIoEngine running = engine;
        if (running != null) {
            running.deliver(event);
        }
    }

    @Override
    public String name() {
        return SocketIoEngine.TRANSPORT;
    }

    @Override
    public boolean isUp() {
        SocketIoEngine running = engine;
        return running != null && running.isRunning();
    }

    @Override
    public int connections() {
        return registry.count(SocketIoEngine.TRANSPORT);
    }
}
