package io.switchboard.cluster;

import redis.clients.jedis.HostAndPort;

/** Tells where the Redis master is right now: a fixed address, or whatever the sentinels say after a failover. */
interface MasterLocator {

    /**
     * The master's address.
     *
     * @throws MasterNotFoundException when no one can tell (sentinels unreachable, or none knows the master's name)
     */
    HostAndPort locate();
}
