package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisConnectionException;

class MasterPoolTest {

    @Test
    void borrowingBeforeAMasterIsKnownFailsLikeAnUnreachableRedis() {
        try (MasterPool pool = new MasterPool(DefaultJedisClientConfig.builder().build(), new ConnectionPoolConfig())) {
            assertNull(pool.master());
            assertThrows(JedisConnectionException.class, pool::borrow);
            pool.follow(new HostAndPort("127.0.0.1", 1));
            pool.follow(new HostAndPort("127.0.0.1", 1));
            assertEquals(new HostAndPort("127.0.0.1", 1), pool.master());
            pool.follow(new HostAndPort("127.0.0.1", 2));
            assertEquals(new HostAndPort("127.0.0.1", 2), pool.master(), "follows a move");
        }
    }

    @Test
    void sentinelListsParseWithTheUsualPortAndRefuseNonsenseNamingTheSetting() {
        assertEquals(List.of(new HostAndPort("s1", 26379), new HostAndPort("10.0.0.2", 5000)),
                ClusterSettingsProducer.parseSentinels(" s1 , 10.0.0.2:5000,"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ClusterSettingsProducer.parseSentinels("s1:port"));
        assertEquals("switchboard.redis.sentinels: 's1:port' is not host:port", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClusterSettingsProducer.parseSentinels(" , "));
    }
}
