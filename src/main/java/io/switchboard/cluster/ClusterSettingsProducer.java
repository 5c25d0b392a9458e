package io.switchboard.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reads {@link ClusterSettings} from MicroProfile Config (defaults in META-INF/microprofile-config.properties). */
@ApplicationScoped
public class ClusterSettingsProducer {

    @Inject
    @ConfigProperty(name = "switchboard.redis.url")
    Optional<String> url;

    @Inject
    @ConfigProperty(name = "switchboard.redis.stream-key")
    String streamKey;

    @Inject
    @ConfigProperty(name = "switchboard.redis.stream-max-len")
    long streamMaxLen;

    @Inject
    @ConfigProperty(name = "switchboard.redis.outbox-size")
    int outboxSize;

    @Inject
    @ConfigProperty(name = "switchboard.redis.reconnect-min")
    long reconnectMin;

    @Inject
    @ConfigProperty(name = "switchboard.redis.reconnect-max")
    long reconnectMax;

    @Inject
    @ConfigProperty(name = "switchboard.redis.ready-grace")
    long readyGrace;

    @Inject
    @ConfigProperty(name = "switchboard.redis.timeout")
    int timeout;

    @Inject
    @ConfigProperty(name = "switchboard.redis.pool-size")
    int poolSize;

    @Produces
    ClusterSettings clusterSettings() {
        Optional<URI> redisUrl = url.map(String::trim).filter(text -> !text.isEmpty()).map(URI::create)
                .map(ClusterSettingsProducer::withDefaultPort);
        long minDelay = Math.max(10, reconnectMin);
        return new ClusterSettings(redisUrl, streamKey, Math.max(1, streamMaxLen), Math.max(1, outboxSize), minDelay,
                Math.max(minDelay, reconnectMax), Math.max(0, readyGrace), Math.max(100, timeout),
                Math.max(2, poolSize));
    }

    /** {@code redis://host} means Redis's usual port, as redis-cli reads it; Jedis insists on an explicit one. */
    static URI withDefaultPort(URI url) {
        if (url.getPort() != -1 || url.getHost() == null) {
            return url;
        }
        return URI.create(url.getScheme() + "://" + (url.getRawUserInfo() == null ? "" : url.getRawUserInfo() + "@")
                + url.getHost() + ":6379" + (url.getRawPath() == null ? "" : url.getRawPath()));
    }
}
