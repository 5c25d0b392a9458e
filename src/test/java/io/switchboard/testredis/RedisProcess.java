package io.switchboard.testredis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.embedded.core.ExecutableProvider;

/**
 * One redis-server (or, with {@code --sentinel}, one sentinel) process on a loopback port, from the binary the
 * embedded-redis test dependency ships, with its own config file. Started here rather than through embedded-redis so
 * that a test can kill it with SIGKILL ({@link #kill}), as a crashed host would die.
 */
public final class RedisProcess implements AutoCloseable {

    private static Path binary;

    private final int port;
    private final Process process;

    private RedisProcess(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** Writes {@code config} to {@code dir}/redis-PORT.conf and starts a server on it; returns once it answers PING. */
    public static RedisProcess start(Path dir, int port, boolean sentinel, List<String> config) throws IOException {
        Path conf = dir.resolve((sentinel ? "sentinel-" : "redis-") + port + ".conf");
        Files.write(conf, config);
        List<String> command = sentinel ? List.of(binary().toString(), conf.toString(), "--sentinel")
                : List.of(binary().toString(), conf.toString());
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve((sentinel ? "sentinel-" : "redis-") + port + ".log").toFile()).start();
        RedisProcess started = new RedisProcess(port, process);
        started.awaitPing();
        return started;
    }

    private static synchronized Path binary() throws IOException {
        if (binary == null) {
            binary = ExecutableProvider.newJarResourceProvider().get().toPath();
            binary.toFile().setExecutable(true);
        }
        return binary;
    }

    public int port() {
        return port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGSTOP or SIGCONT: a server that hangs (or resumes) with its sockets open, as under a long GC-like stall. */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL: no shutdown, no last write to anyone, as a host losing power. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    private void awaitPing() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server on port " + port + " exited with " + process.exitValue());
            }
            try (Jedis jedis = new Jedis("127.0.0.1", port, 500)) {
                jedis.ping();
                return;
            } catch (JedisException e) {
                pause(50);
            }
        }
        kill();
        throw new IOException("redis-server on port " + port + " did not answer within 15 s");
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
