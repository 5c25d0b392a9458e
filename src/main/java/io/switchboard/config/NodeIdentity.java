package io.switchboard.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Who this node is: its id (configured, or host name plus a random suffix), the build version, when it started. */
@ApplicationScoped
public class NodeIdentity {

    private final String nodeId;
    private final String version;
    private final Instant startedAt = Instant.now();

    @Inject
    public NodeIdentity(@ConfigProperty(name = "switchboard.node-id") Optional<String> configuredId) {
        this.nodeId = configuredId.filter(id -> !id.isBlank()).orElseGet(NodeIdentity::generatedId);
        this.version = readVersion();
    }

    void start(@Observes Startup startup) {
        // Being observed at startup creates this bean with the application, so startedAt (set on construction) is
        // the deployment's time. Otherwise an application-scoped bean is created on first use: in single-node mode
        // that is the first /api/health request, which then reported uptime 0 and its own time as started_at.
    }

    /** For CDI's proxy only. */
    protected NodeIdentity() {
        this.nodeId = null;
        this.version = null;
    }

    public String nodeId() {
        return nodeId;
    }

    public String version() {
        return version;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Duration uptime() {
        return Duration.between(startedAt, Instant.now());
    }

    private static String generatedId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "node";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String readVersion() {
        Properties properties = new Properties();
        try (InputStream in = NodeIdentity.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // Reported as "unknown" below.
        }
        return properties.getProperty("version", "unknown");
    }
}
