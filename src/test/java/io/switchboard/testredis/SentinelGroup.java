package io.switchboard.testredis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A master, its replicas and the sentinels that watch them, as separate processes on free loopback ports: what an
 * ops team runs, small enough for a test. Sentinels mark the master down after 1 s and fail over with a quorum of 2.
 */
public final class SentinelGroup implements AutoCloseable {

    public static final String MASTER_NAME = "mymaster";

    private final Path dir;
    private final List<RedisProcess> servers = new ArrayList<>();
    private final List<RedisProcess> sentinels = new ArrayList<>();

    private SentinelGroup(Path dir) {
        this.dir = dir;
    }

    /** Starts the master, {@code replicas} replicas of it, then {@code sentinelCount} sentinels; returns once they all see each other. */
    public static SentinelGroup start(int replicas, int sentinelCount) throws IOException {
        SentinelGroup group = new SentinelGroup(Files.createTempDirectory("sentinel-group"));
        try {
            int masterPort = freePort();
            group.servers.add(RedisProcess.start(group.dir, masterPort, false, serverConfig(masterPort, null)));
            for (int i = 0; i < replicas; i++) {
                int port = freePort();
                group.servers.add(RedisProcess.start(group.dir, port, false, serverConfig(port, masterPort)));
            }
            group.await(() -> connectedReplicas(masterPort) == replicas, "the replicas in sync");
            for (int i = 0; i < sentinelCount; i++) {
                int port = freePort();
                group.sentinels.add(RedisProcess.start(group.dir, port, true, sentinelConfig(port, masterPort)));
            }
            group.await(() -> group.sentinelsAgree(replicas, sentinelCount - 1), "the sentinels seeing the replicas and each other");
            return group;
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    private static List<String> serverConfig(int port, Integer masterPort) {
        List<String> config = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "protected-mode no",
                "save \"\"", "appendonly no", "dbfilename dump-" + port + ".rdb",
                // The initial sync and re-syncs after a failover go over the socket at once, no RDB file, no delay.
                "repl-diskless-sync yes", "repl-diskless-sync-delay 0", "repl-ping-replica-period 1"));
        if (masterPort != null) {
            config.add("replicaof 127.0.0.1 " + masterPort);
        }
        return config;
    }

    private static List<String> sentinelConfig(int port, int masterPort) {
        return List.of("port " + port, "bind 127.0.0.1", "protected-mode no",
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                "sentinel failover-timeout " + MASTER_NAME + " 3000",
                "sentinel parallel-syncs " + MASTER_NAME + " 2");
    }

    /** {@code host:port,...} as {@code switchboard.redis.sentinels} takes it. */
    public String sentinelList() {
        return sentinels.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","));
    }

    public List<HostAndPort> sentinelAddresses() {
        return sentinels.stream().map(s -> new HostAndPort("127.0.0.1", s.port())).toList();
    }

    /** The master as the first sentinel that answers sees it. */
    public HostAndPort master() {
        for (RedisProcess sentinel : sentinels) {
            try (Jedis jedis = new Jedis("127.0.0.1", sentinel.port(), 1000)) {
                List<String> address = jedis.sentinelGetMasterAddrByName(MASTER_NAME);
                return new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
            } catch (JedisException e) {
                // ask the next one
            }
        }
        throw new IllegalStateException("no sentinel answered");
    }

    /** The first master's port (before any failover). */
    public int initialMasterPort() {
        return servers.get(0).port();
    }

    /** The {@code index}th replica as started (0-based), to stall or kill it. */
    public RedisProcess replica(int index) {
        return servers.get(index + 1);
    }

    /** SIGKILLs the current master; returns its port. */
    public int killMaster() {
        int port = master().getPort();
        servers.stream().filter(s -> s.port() == port).findFirst().orElseThrow().kill();
        return port;
    }

    /** True once every sentinel names a master other than {@code oldPort} and that server says it is a master. */
    public boolean failedOverFrom(int oldPort) {
        for (RedisProcess sentinel : sentinels) {
            try (Jedis jedis = new Jedis("127.0.0.1", sentinel.port(), 1000)) {
                if (Integer.parseInt(jedis.sentinelGetMasterAddrByName(MASTER_NAME).get(1)) == oldPort) {
                    return false;
                }
            } catch (JedisException e) {
                return false;
            }
        }
        HostAndPort master = master();
        try (Jedis jedis = new Jedis(master.getHost(), master.getPort(), 1000)) {
            return jedis.info("replication").contains("role:master");
        } catch (JedisException e) {
            return false;
        }
    }

    public void killSentinels() {
        sentinels.forEach(RedisProcess::kill);
    }

    private boolean sentinelsAgree(int replicas, int otherSentinels) {
        for (RedisProcess sentinel : sentinels) {
            try (Jedis jedis = new Jedis("127.0.0.1", sentinel.port(), 1000)) {
                Map<String, String> master = jedis.sentinelMaster(MASTER_NAME);
                if (Integer.parseInt(master.get("num-slaves")) < replicas
                        || Integer.parseInt(master.get("num-other-sentinels")) < otherSentinels) {
                    return false;
                }
            } catch (JedisException e) {
                return false;
            }
        }
        return true;
    }

    private static int connectedReplicas(int masterPort) {
        try (Jedis jedis = new Jedis("127.0.0.1", masterPort, 1000)) {
            return (int) jedis.info("replication").lines().filter(line -> line.matches("slave\\d+:.*state=online.*"))
                    .count();
        } catch (JedisException e) {
            return 0;
        }
    }

    private void await(BooleanSupplier condition, String what) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("timed out waiting for " + what + " (logs in " + dir + ")");
            }
            RedisProcess.pause(100);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        sentinels.forEach(RedisProcess::kill);
        servers.forEach(RedisProcess::kill);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind in target/ is harmless
        }
    }
}
