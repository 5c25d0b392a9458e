package io.switchboard.cluster;

import java.util.List;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;

/**
 * Where to ask for the Redis master when it runs under Redis Sentinel.
 *
 * @param sentinels  the sentinels to ask, in the configured order ({@code switchboard.redis.sentinels})
 * @param masterName the name the sentinels monitor the master under ({@code switchboard.redis.sentinel-master})
 * @param user       the sentinels' own ACL user, if they require one
 * @param password   the sentinels' own password, if they require one
 */
public record SentinelSettings(List<HostAndPort> sentinels, String masterName, Optional<String> user,
                               Optional<String> password) {

    public SentinelSettings {
        sentinels = List.copyOf(sentinels);
    }

    /** The sentinels as configured, for logs (never a password). */
    public String describe() {
        return "master '" + masterName + "' via sentinels "
                + String.join(",", sentinels.stream().map(HostAndPort::toString).toList());
    }
}
