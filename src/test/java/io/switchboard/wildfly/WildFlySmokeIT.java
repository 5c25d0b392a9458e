package io.switchboard.wildfly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.switchboard.testing.SocketIoTestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unchanged WAR on WildFly (run by {@code mvn -Pwildfly verify}, which unpacks {@code org.wildfly:wildfly-dist}
 * into target/): starts {@code bin/standalone.sh} with the default {@code standalone.xml} on free loopback ports,
 * deploys {@code target/switchboard.war} through the deployment scanner, and checks REST, SSE, Socket.IO, plain
 * WebSocket, the web console's files and, when Chromium is installed, the browser test; then stops the server.
 */
class WildFlySmokeIT {

    private static final Logger LOG = Logger.getLogger(WildFlySmokeIT.class.getName());
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** standalone.xml's listening socket bindings; a port offset moves them all. */
    private static final int[] DEFAULT_PORTS = {8080, 8443, 9990, 9993, 8009, 4712, 4713};

    private static Process server;
    private static Path serverLog;
    private static int httpPort;
    private static int socketIoPort;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    @BeforeAll
    static void startWildFly() throws Exception {
        String home = System.getProperty("wildfly.home");
        if (home == null || !new File(home, "bin/standalone.sh").isFile()) {
            fail("no WildFly at " + home + ": run `mvn -Pwildfly verify`, which unpacks org.wildfly:wildfly-dist");
        }
        File war = new File("target/switchboard.war");
        assertTrue(war.isFile(), war + " is missing; build it with `mvn package`");

        Path standalone = Path.of(home, "standalone");
        Path deployments = standalone.resolve("deployments");
        for (String leftover : List.of("switchboard.war", "switchboard.war.deployed", "switchboard.war.failed",
                "switchboard.war.undeployed", "switchboard.war.isdeploying")) {
            Files.deleteIfExists(deployments.resolve(leftover));
        }
        for (String dir : List.of("data", "tmp", "log")) {
            deleteTree(standalone.resolve(dir));
        }
        Files.copy(war.toPath(), deployments.resolve("switchboard.war"), StandardCopyOption.REPLACE_EXISTING);

        int offset = freeOffset();
        httpPort = 8080 + offset;
        socketIoPort = SocketIoTestClient.freePort();
        base = URI.create("http://127.0.0.1:" + httpPort + "/");
        serverLog = Path.of("target", "wildfly-server.log");
        List<String> command = List.of(new File(home, "bin/standalone.sh").getAbsolutePath(),
                "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.socket.binding.port-offset=" + offset,
                "-Dswitchboard.socketio.host=127.0.0.1", "-Dswitchboard.socketio.port=" + socketIoPort,
                "-Dswitchboard.sse.heartbeat-interval=1000");
        LOG.info(() -> "starting WildFly: " + command + " (HTTP " + httpPort + ", management " + (9990 + offset)
                + ", Socket.IO " + socketIoPort + ")");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(serverLog.toFile());
        Map<String, String> env = builder.environment();
        // standalone.sh then runs java in the background and forwards SIGTERM to it, so stopping the script stops it.
        env.put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        env.put("JBOSS_PIDFILE", Path.of("target", "wildfly.pid").toAbsolutePath().toString());
        server = builder.start();

        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (true) {
            if (Files.exists(deployments.resolve("switchboard.war.deployed"))) {
                break;
            }
            if (Files.exists(deployments.resolve("switchboard.war.failed"))) {
                fail("WildFly failed to deploy the WAR: "
                        + Files.readString(deployments.resolve("switchboard.war.failed")) + "\n" + tail());
            }
            if (!server.isAlive()) {
                fail("WildFly exited with " + server.exitValue() + "\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                fail("WildFly did not deploy the WAR within " + BOOT_TIMEOUT + "\n" + tail());
            }
            Thread.sleep(250);
        }
        LOG.info("WildFly deployed switchboard.war");
    }

    @AfterAll
    static void stopWildFly() throws InterruptedException {
        if (server == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(server.descendants().toList());
        server.destroy();
        tree.forEach(ProcessHandle::destroy);
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
        for (ProcessHandle process : tree) {
            try {
                process.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
        LOG.info(() -> "WildFly stopped; its console output is in " + serverLog);
    }

    @Test
    void healthAnswersUpWithEveryTransport() throws Exception {
        HttpResponse<String> response = get("api/health");
        assertEquals(200, response.statusCode(), response.body());
        assertJson(response);
        JsonObject health = json(response.body());
        assertEquals("UP", health.getString("status"), response.body());
        for (String transport : List.of("sse", "socketio", "websocket")) {
            assertEquals("UP", health.getJsonObject("components").getJsonObject(transport).getString("status"),
                    response.body());
        }
    }

    @Test
    void aMessagePostedOverRestReachesSseAndSocketIoClients() throws Exception {
        BlockingQueue<String> sse = new LinkedBlockingQueue<>();
        HttpRequest stream = HttpRequest.newBuilder(base.resolve("api/events"))
                .header("Accept", "text/event-stream").GET().build();
        var subscription = HTTP.sendAsync(stream, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
            sse.add("status: " + response.statusCode() + " " + response.headers().firstValue("content-type").orElse(""));
            try (Stream<String> lines = response.body()) {
                lines.forEach(sse::add);
            }
        });
        // The direct port and the app server's own port (Undertow's listener), over both transports.
        try (SocketIoTestClient websocket = SocketIoTestClient.connect(socketIoPort, "websocket");
             SocketIoTestClient polling = SocketIoTestClient.connect(socketIoPort, "polling");
             SocketIoTestClient sameOrigin = SocketIoTestClient.connect(httpPort, "websocket");
             SocketIoTestClient sameOriginPolling = SocketIoTestClient.connect(httpPort, "polling")) {
            String first = sse.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(first != null && first.startsWith("status: 200 text/event-stream"), "SSE answered " + first);
            awaitLine(sse, line -> line.equals(": connected"), "the SSE stream's first comment");

            HttpResponse<String> posted = post("api/message",
                    "{\"type\":\"text\",\"content\":\"Hello from WildFly\",\"sender\":\"smoke\"}");
            assertEquals(201, posted.statusCode(), posted.body());
            assertJson(posted);
            JsonObject message = json(posted.body());
            assertEquals("Hello from WildFly", message.getString("content"));
            String id = message.getString("id");

            String data = awaitLine(sse, line -> line.startsWith("data:") && line.contains(id), "the message over SSE");
            JsonObject envelope = json(data.substring("data:".length()).trim());
            assertEquals("message", envelope.getString("event_type"));
            assertEquals("Hello from WildFly", envelope.getJsonObject("data").getString("content"));
            for (SocketIoTestClient client : List.of(websocket, polling, sameOrigin, sameOriginPolling)) {
                client.await("message", SocketIoTestClient.field("id", id));
            }
            // And back: a message sent through Undertow's WebSocket reaches the direct port's client, acked.
            String fromSameOrigin = sameOrigin.request("message", new org.json.JSONObject().put("type", "text")
                    .put("content", "via undertow").put("sender", "smoke")).getString("id");
            polling.await("message", SocketIoTestClient.field("id", fromSameOrigin));
            // Undertow has no Grizzly: its one WebSocket into the engine writes through the servlet stream.
            JsonObject socketio = json(get("api/health").body()).getJsonObject("components").getJsonObject("socketio");
            assertEquals(1, socketio.getInt("bridge_websockets_servlet"), socketio.toString());
            assertEquals(0, socketio.getInt("bridge_websockets_grizzly"), socketio.toString());

            HttpResponse<String> published = post("api/events/publish",
                    "{\"event_type\":\"smoke\",\"data\":{\"server\":\"wildfly\"}}");
            assertEquals(202, published.statusCode(), published.body());
            String eventId = json(published.body()).getString("id");
            awaitLine(sse, line -> line.startsWith("data:") && line.contains(eventId), "the published event over SSE");
        } finally {
            subscription.cancel(true);
        }
    }

    /**
     * {@code /ws/messages} through Undertow's servlet upgrade: the welcome, an acked message delivered back as an
     * event, and the bytes written through the portable servlet stream (Undertow has no Grizzly).
     */
    @Test
    void aPlainWebSocketClientIsWelcomedAckedAndServed() throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/ws/messages"),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket,
                                    CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    frames.add(text.toString());
                                    text.setLength(0);
                                }
                                webSocket.request(1);
                                return null;
                            }
                        })
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        try {
            String welcome = frames.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(welcome != null && json(welcome).getString("kind").equals("welcome"), "welcome: " + welcome);
            socket.sendText("{\"action\":\"message\",\"ref\":\"w1\",\"type\":\"text\",\"content\":"
                    + "\"plain on WildFly\",\"sender\":\"smoke\"}", true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            String id = null;
            boolean event = false;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while ((id == null || !event) && System.nanoTime() < deadline) {
                String next = frames.poll(1, TimeUnit.SECONDS);
                if (next == null) {
                    continue;
                }
                JsonObject frame = json(next);
                if ("ack".equals(frame.getString("kind"))) {
                    assertTrue(frame.getBoolean("ok"), next);
                    assertEquals("w1", frame.getString("ref"), next);
                    id = frame.getString("id");
                } else if ("event".equals(frame.getString("kind"))) {
                    assertEquals("plain on WildFly", frame.getJsonObject("data").getString("content"), next);
                    event = true;
                }
            }
            assertTrue(id != null && event, "ack " + id + ", event " + event);
            JsonObject websocket = json(get("api/health").body()).getJsonObject("components")
                    .getJsonObject("websocket");
            assertEquals(1, websocket.getInt("connections"), websocket.toString());
            assertEquals(1, websocket.getInt("writes_servlet"), websocket.toString());
            assertEquals(0, websocket.getInt("writes_grizzly"), websocket.toString());
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(TIMEOUT.toSeconds(),
                    TimeUnit.SECONDS);
        }
    }

    @Test
    void errorsAreJsonFromTheValidator() throws Exception {
        HttpResponse<String> response = post("api/message", "{\"type\":\"text\",\"content\":\"x\"}");
        assertEquals(400, response.statusCode(), response.body());
        assertJson(response);
        JsonObject error = json(response.body());
        assertEquals("missing_field", error.getString("error"), response.body());
        assertEquals("sender", error.getString("field"), response.body());

        HttpResponse<String> malformed = post("api/message", "{not json");
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertEquals("malformed_json", json(malformed.body()).getString("error"), malformed.body());
    }

    @Test
    void theWebConsoleIsServedWithItsClientScriptAndConfig() throws Exception {
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Switchboard console"), page.body());
        assertEquals(200, get("vendor/socket.io.min.js").statusCode());
        HttpResponse<String> config = get("api/client-config");
        assertEquals(200, config.statusCode(), config.body());
        assertJson(config);
        assertTrue(json(config.body()).getJsonObject("socketio").isNull("port"), config.body());
        assertEquals(socketIoPort, json(config.body()).getJsonObject("socketio").getInt("direct_port"));
    }

    @Test
    void theBrowserTestPassesOnWildFly() throws Exception {
        String chromium = System.getProperty("switchboard.chromium", "/usr/bin/chromium");
        if (!new File(chromium).canExecute()) {
            fail("Chromium is not installed at " + chromium + " (Debian: apt-get install -y chromium)");
        }
        assertTrue(new File("src/test/browser/node_modules/playwright-core").isDirectory(),
                "run `npm ci` in src/test/browser (the build does it in pre-integration-test)");
        Path output = Files.createTempFile(Path.of("target"), "wildfly-browser", ".log");
        Process node = new ProcessBuilder("node", "src/test/browser/console.test.mjs", base.toString(),
                new File("target/browser-wildfly").getAbsolutePath(), chromium)
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = node.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        LOG.info(() -> "browser test on WildFly:\n" + log);
        assertTrue(finished, "the browser test did not finish:\n" + log);
        assertEquals(0, node.exitValue(), log);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                        .header("Content-Type", "application/json").header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertJson(HttpResponse<String> response) {
        String type = response.headers().firstValue("content-type").orElse("");
        assertTrue(type.startsWith("application/json"), "Content-Type " + type + ": " + response.body());
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static String awaitLine(BlockingQueue<String> lines, java.util.function.Predicate<String> wanted,
                                    String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (wanted.test(line)) {
                    return line;
                }
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; SSE lines: " + seen);
    }

    /** A port offset at which every port of standalone.xml is free on loopback. */
    private static int freeOffset() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int offset = 1000 + (int) (Math.random() * 40000);
            if (allFree(offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset for WildFly");
    }

    private static boolean allFree(int offset) {
        for (int port : DEFAULT_PORTS) {
            try (ServerSocket probe = new ServerSocket(port + offset, 1, java.net.InetAddress.getLoopbackAddress())) {
                probe.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static String tail() throws IOException {
        List<String> lines = Files.readAllLines(serverLog, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
