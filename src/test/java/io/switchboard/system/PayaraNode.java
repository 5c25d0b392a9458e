package io.switchboard.system;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One Switchboard node in its own Payara Micro process, for tests that need several nodes or settings chosen at test
 * time (Arquillian's managed container starts one server with options fixed in the pom). Runs the built WAR on a free
 * loopback port with the given system properties, as {@code mvn -Prun} does; its files and log go under
 * {@code target/nodes/<name>}. Closing it ends the process tree.
 */
public final class PayaraNode implements AutoCloseable {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(240);

    /** For {@link #awaitHealth}: the node's overall status is UP. */
    static final Predicate<String> UP = body -> body.contains("\"status\":\"UP\"");

    private final String name;
    private final int port;
    private final int socketIoPort;
    private final Process process;
    private final Path log;

    private PayaraNode(String name, int port, int socketIoPort, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.socketIoPort = socketIoPort;
        this.process = process;
        this.log = log;
    }

    /** Starts the process and returns at once; {@link #awaitHealth} waits for it to serve. */
    public static PayaraNode start(String name, Map<String, String> properties) throws IOException {
        return start(name, properties, List.of());
    }

    /**
     * As {@link #start(String, Map)}, then waits until its health is {@link #UP}: the start of a test class that
     * needs one node. A node that does not come up is closed before the error is thrown, so nothing is left running.
     */
    static PayaraNode startUp(String name, Map<String, String> properties) throws IOException {
        PayaraNode node = start(name, properties);
        try {
            node.awaitHealth(UP);
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** As {@link #start(String, Map)}, with more Payara Micro options ({@code --postbootcommandfile ...}). */
    static PayaraNode start(String name, Map<String, String> properties, List<String> options) throws IOException {
        String jar = System.getProperty("payara.microJar", "target/payara-micro.jar");
        Path home = Path.of("target", "nodes", name).toAbsolutePath();
        // A root directory left by an earlier run makes Payara Micro redeploy that run's app first, then swap in ours.
        deleteTree(home);
        Path tmp = Files.createDirectories(home.resolve("tmp"));
        Path root = home.resolve("root");
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Djava.io.tmpdir=" + tmp);
        // Payara Micro's Hazelcast would try its vendor's phone-home server at boot: tests talk to loopback only.
        command.add("-Dhazelcast.phone.home.enabled=false");
        Map<String, String> all = new LinkedHashMap<>(properties);
        // Each node its own Socket.IO port: on the default 8001 a second node (or anything else on the machine using
        // it) would leave this one's Socket.IO DOWN, and with it /api/health.
        all.putIfAbsent("switchboard.socketio.host", "127.0.0.1");
        all.putIfAbsent("switchboard.socketio.port", String.valueOf(freePort()));
        int socketIoPort = Integer.parseInt(all.get("switchboard.socketio.port"));
        all.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", new File(jar).getAbsolutePath(), "--nocluster", "--port", String.valueOf(port),
                "--rootdir", root.toString(), "--deploy", new File(SystemTestSupport.WAR_PATH).getAbsolutePath(),
                "--contextroot", "/"));
        command.addAll(options);
        Path log = home.resolve("server.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new PayaraNode(name, port, socketIoPort, process, log);
    }

    /** Polls {@code /api/health} (any status) until its body satisfies {@code ready}; bounded by the boot timeout. */
    public void awaitHealth(Predicate<String> ready) {
        // HTTP/1.1 like every other test client: the default HTTP/2 upgrade attempt (h2c) is not what users send.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(base().resolve("api/health")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new AssertionError("node " + name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (ready.test(response.body())) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted", e);
            }
            SystemTestSupport.pause(Duration.ofMillis(500));
        }
        throw new AssertionError("node " + name + " not ready within " + BOOT_TIMEOUT + "; last health: " + last
                + "; see " + log);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    URL url() {
        try {
            return base().toURL();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The port of its Socket.IO server: the one given in its settings, or the free one chosen for it. */
    int socketIoPort() {
        return socketIoPort;
    }

    public Path log() {
        return log;
    }

    /** The directory of its files, for inputs such as command files. */
    static Path home(String name) {
        return Path.of("target", "nodes", name).toAbsolutePath();
    }

    String name() {
        return name;
    }

    /** The server's process: its Payara Micro JVM. */
    ProcessHandle process() {
        return process.toHandle();
    }

    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy(); // lets Payara undeploy, so the app's own shutdown runs
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
