package io.switchboard.socketio;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reads {@link SocketIoSettings} from MicroProfile Config; defaults are in META-INF/microprofile-config.properties. */
@ApplicationScoped
public class SocketIoSettingsProducer {

    @Inject
    @ConfigProperty(name = "switchboard.socketio.host")
    String host;

    @Inject
    @ConfigProperty(name = "switchboard.socketio.port")
    int port;

    // A String rather than a list: MicroProfile Config has no way to say "an empty list" as a default.
    @Inject
    @ConfigProperty(name = "switchboard.socketio.origins", defaultValue = "*")
    String origins;

    @Inject
    @ConfigProperty(name = "switchboard.socketio.ping-interval")
    int pingIntervalMillis;

    @Inject
    @ConfigProperty(name = "switchboard.socketio.ping-timeout")
    int pingTimeoutMillis;

    @Inject
    @ConfigProperty(name = "switchboard.socketio.max-payload")
    int maxPayload;

    @Inject
    @ConfigProperty(name = "switchboard.socketio.compression")
    boolean compression;

    @Inject
    @ConfigProperty(name = "switchboard.socketio.client-queue")
    int clientQueue;

    @Inject
    @ConfigProperty(name = "switchboard.socketio.write-timeout")
    int writeTimeoutMillis;

    @Produces
    SocketIoSettings socketIoSettings() {
        return new SocketIoSettings(host, port, SocketIoSettings.parseOrigins(origins), pingIntervalMillis,
                pingTimeoutMillis, maxPayload, compression, clientQueue, writeTimeoutMillis);
    }
}
