package io.switchboard.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.HostAndPort;

/** Reads {@link ClusterSettings} from MicroProfile Config (defaults in META-INF/microprofile-config.properties). */
@ApplicationScoped
public class ClusterSettingsProducer {

    @Inject
    @ConfigProperty(name = "switchboard.redis.url")
    Optional<String> url;

    @Inject
    @ConfigProperty(name = "switchboard.redis.sentinels")
    Optional<String> sentinels;

    @Inject
    @ConfigProperty(name = "switchboard.redis.sentinel-master")
    Optional<String> sentinelMaster;

    @Inject
    @ConfigProperty(name = "switchboard.redis.sentinel-user")
    Optional<String> sentinelUser;

    @Inject
    @ConfigProperty(name = "switchboard.redis.sentinel-password")
    Optional<String> sentinelPassword;

    @Inject
    @ConfigProperty(name = "switchboard.redis.user")
    Optional<String> user;

    @Inject
    @ConfigProperty(name = "switchboard.redis.password")
    Optional<String> password;

    @Inject
    @ConfigProperty(name = "switchboard.redis.min-replicas")
    int minReplicas;

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
        Optional<SentinelSettings> sentinelSettings = nonBlank(sentinels).map(list -> new SentinelSettings(
                parseSentinels(list), nonBlank(sentinelMaster).orElseThrow(() -> new IllegalArgumentException(
                        "switchboard.redis.sentinel-master must name the master the sentinels monitor when "
                                + "switchboard.redis.sentinels is set")),
                nonBlank(sentinelUser), nonBlank(sentinelPassword)));
        return new ClusterSettings(redisUrl, sentinelSettings, nonBlank(user), nonBlank(password),
                Math.max(0, minReplicas), streamKey, Math.max(1, streamMaxLen), Math.max(1, outboxSize), minDelay,
                Math.max(minDelay, reconnectMax), Math.max(0, readyGrace), Math.max(100, timeout),
                Math.max(2, poolSize));
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(text -> !text.isEmpty());
    }

    /**
     * {@code host:port,host:port} (a missing port means Sentinel's usual 26379). A malformed list fails the deployment,
     * naming the setting: it cannot become right by waiting, unlike a sentinel that does not answer yet.
     */
    static List<HostAndPort> parseSentinels(String list) {
        List<HostAndPort> parsed = new ArrayList<>();
        for (String item : list.split(",")) {
            String text = item.trim();
            if (text.isEmpty()) {
                continue;
            }
            int colon = text.lastIndexOf(':');
            String host = colon < 0 ? text : text.substring(0, colon);
            try {
                int port = colon < 0 ? 26379 : Integer.parseInt(text.substring(colon + 1));
                if (host.isEmpty() || port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                parsed.add(new HostAndPort(host, port));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("switchboard.redis.sentinels: '" + text + "' is not host:port");
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("switchboard.redis.sentinels names no sentinel");
        }
        return parsed;
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
