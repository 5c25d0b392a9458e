package io.switchboard.cluster;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Asks the sentinels where the master is (SENTINEL GET-MASTER-ADDR-BY-NAME), a fresh question on every call, so a
 * caller that lost its master finds the promoted one simply by asking again. The first sentinel that knows the name
 * answers; each call starts at the next sentinel, so one that is down or stale does not answer first every time.
 * Not thread-safe: the reader thread alone asks.
 */
final class SentinelMaster implements MasterLocator {

    private static final Logger LOG = Logger.getLogger(SentinelMaster.class.getName());

    private final SentinelSettings settings;
    private final JedisClientConfig sentinelConfig;
    private int start;

    SentinelMaster(SentinelSettings settings, JedisClientConfig sentinelConfig) {
        this.settings = settings;
        this.sentinelConfig = sentinelConfig;
    }

    @Override
    public HostAndPort locate() {
        List<HostAndPort> sentinels = settings.sentinels();
        int unknownTo = 0;
        JedisException lastFailure = null;
        for (int i = 0; i < sentinels.size(); i++) {
            HostAndPort sentinel = sentinels.get((start + i) % sentinels.size());
            try (Jedis jedis = new Jedis(sentinel, sentinelConfig)) {
                List<String> address = jedis.sentinelGetMasterAddrByName(settings.masterName());
                if (address == null || address.size() < 2) {
                    unknownTo++;
                    continue;
                }
                start = (start + i + 1) % sentinels.size();
                return new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
            } catch (JedisException | NumberFormatException e) {
                LOG.log(Level.FINE, "sentinel " + sentinel + " did not answer", e);
                lastFailure = e instanceof JedisException jedisException ? jedisException : lastFailure;
            }
        }
        start = (start + 1) % sentinels.size();
        if (unknownTo > 0) {
            throw new MasterNotFoundException("switchboard.redis.sentinel-master: " + unknownTo + " of "
                    + sentinels.size() + " sentinels monitor no master named '" + settings.masterName() + "'"
                    + (unknownTo < sentinels.size() ? ", the others did not answer" : ""));
        }
        throw new MasterNotFoundException("switchboard.redis.sentinels: none of " + settings.describe()
                + " answered" + (lastFailure == null ? "" : " (" + lastFailure.getMessage() + ")")
                + "; check the addresses and switchboard.redis.sentinel-user/-password");
    }
}
