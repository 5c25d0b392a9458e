package io.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.SocketIoTestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator's views of a node in its own Payara Micro process, with remote JMX open on a free loopback port:
 * MicroProfile Health, {@code /api/metrics}, the {@code switchboard:type=Hub} MBean over a real JMX connector, and,
 * last, a graceful stop (SIGTERM) seen by connected SSE, WebSocket and Socket.IO clients.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

    private static final Duration TIMEOUT = SystemTestSupport.DELIVERY_TIMEOUT;

    private static int jmxPort;
    private static PayaraNode node;
    private static SwitchboardApi api;

    @BeforeAll
    static void startNode() throws IOException {
        jmxPort = PayaraNode.freePort();
        node = PayaraNode.startUp("ops", Map.of(
                "switchboard.node-id", "ops",
                "switchboard.sse.heartbeat-interval", "1000",
                "com.sun.management.jmxremote.port", String.valueOf(jmxPort),
                "com.sun.management.jmxremote.rmi.port", String.valueOf(jmxPort),
                "com.sun.management.jmxremote.authenticate", "false",
                "com.sun.management.jmxremote.ssl", "false",
                "com.sun.management.jmxremote.host", "127.0.0.1",
                "java.rmi.server.hostname", "127.0.0.1"));
        api = new SwitchboardApi(node.url());
    }

    @AfterAll
    static void stopNode() {
        SystemTestSupport.closeAll(api, node);
    }

    @Test
    @Order(1)
    void microProfileHealthAnswersOnTheHttpPort() {
        JsonObject live = api.get("health/live").expectJson(200);
        assertEquals("UP", live.getString("status"));
        assertTrue(live.toString().contains("switchboard-live"), live::toString);

        JsonObject ready = api.get("health/ready").expectJson(200);
        assertEquals("UP", ready.getString("status"));
        assertTrue(ready.toString().contains("switchboard-ready"), ready::toString);

        JsonObject all = api.get("health").expectJson(200);
        assertTrue(all.toString().contains("switchboard-live") && all.toString().contains("switchboard-ready"),
                all::toString);
        // The seed's own health is unchanged.
        assertEquals("UP", api.health().getString("status"));
    }

    @Test
    @Order(2)
    void metricsCountMessagesDeliveriesAndConnections() {
        RawSseClient sse = api.openRaw("api/events", Map.of()).expectEventStream();
        api.awaitConnections(count -> count >= 1, TIMEOUT, "the SSE client");
        long restBefore = metric(scrape(), "switchboard_messages_received_total{transport=\"rest\"}");
        JsonObject sent = api.postMessage(Json.createObjectBuilder().add("type", "text").add("content", "metered")
                .add("sender", "ops-it").build());
        sse.frames().await(SseFrame.withId(sent.getString("id")), TIMEOUT, "the message");

        String text = SystemTestSupport.awaitValue(OperationsIT::scrape,
                body -> metric(body, "switchboard_events_delivered_total{transport=\"sse\"}") >= 1,
                TIMEOUT, Duration.ofMillis(200), "the SSE delivery counted");
        assertEquals(restBefore + 1, metric(text, "switchboard_messages_received_total{transport=\"rest\"}"));
        assertTrue(metric(text, "switchboard_connections{transport=\"sse\"}") >= 1, text);
        assertTrue(metric(text, "switchboard_delivery_latency_seconds_count") >= 1, text);
        assertTrue(text.contains("switchboard_delivery_latency_seconds_bucket{le=\"+Inf\"}"), text);
        assertEquals(0, metric(text, "switchboard_redis_outbox_depth"));
        assertTrue(text.contains("# TYPE switchboard_events_replayed_total counter"), text);
        sse.close();
    }

    @Test
    @Order(3)
    void jmxBeanShowsTheHubAndActsOnIt() throws Exception {
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
             WebSocketTestClient webSocket = WebSocketTestClient.connect(WebSocketTestClient.endpoint(api.base()),
                     "jmx-ws");
             SocketIoTestClient socketIo = SocketIoTestClient.connect(node.socketIoPort(), "websocket")) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName hub = new ObjectName("switchboard:type=Hub");
            RawSseClient sse = api.openRaw("api/events", Map.of()).expectEventStream();
            String webSocketId = webSocket.await(WebSocketTestClient::isWelcome, "welcome").getString("id");
            String socketIoId = "socketio-" + socketIo.id();

            assertEquals("ops", server.getAttribute(hub, "NodeId"));
            SystemTestSupport.awaitValue(() -> (Integer) attribute(server, hub, "SseConnections"), n -> n >= 1,
                    TIMEOUT, Duration.ofMillis(200), "the SSE client in JMX");
            assertTrue((Integer) server.getAttribute(hub, "WebSocketConnections") >= 1);
            assertTrue((Integer) server.getAttribute(hub, "SocketIoConnections") >= 1);
            assertEquals(0, server.getAttribute(hub, "OutboxDepth"));
            String[] connections = (String[]) server.invoke(hub, "listConnections", null, null);
            String listed = String.join("\n", connections);
            assertTrue(listed.contains(webSocketId + " websocket"), listed);
            assertTrue(listed.contains(socketIoId + " socketio"), listed);

            long inBefore = (Long) server.getAttribute(hub, "MessagesIn");
            String noticeId = (String) server.invoke(hub, "broadcastNotice", new Object[] {"Maintenance at 18:00"},
                    new String[] {String.class.getName()});
            SseFrame notice = sse.frames().await(SseFrame.withId(noticeId), TIMEOUT, "the notice over SSE");
            JsonObject message = notice.jsonObject().getJsonObject("data");
            assertEquals("Maintenance at 18:00", message.getString("content"));
            assertEquals("ops", message.getString("sender"));
            assertEquals("jmx", notice.jsonObject().getString("source"));
            webSocket.await(WebSocketTestClient.eventWithData("id", noticeId), "the notice over WebSocket");
            socketIo.await("message", SocketIoTestClient.field("id", noticeId));
            assertEquals(inBefore + 1, (Long) server.getAttribute(hub, "MessagesIn"));
            assertTrue((Long) server.getAttribute(hub, "MessagesOut") >= 3);

            assertEquals(true, server.invoke(hub, "disconnect", new Object[] {webSocketId},
                    new String[] {String.class.getName()}));
            CloseReason closed = webSocket.awaitClosed(TIMEOUT);
            assertEquals(CloseReason.CloseCodes.NORMAL_CLOSURE.getCode(), closed.getCloseCode().getCode());

            assertEquals(true, server.invoke(hub, "disconnect", new Object[] {socketIoId},
                    new String[] {String.class.getName()}));
            SystemTestSupport.awaitValue(socketIo::connected, connected -> !connected, TIMEOUT,
                    Duration.ofMillis(100), "the Socket.IO client disconnected");

            assertEquals(false, server.invoke(hub, "disconnect", new Object[] {"websocket-nobody"},
                    new String[] {String.class.getName()}));
            String[] after = (String[]) server.invoke(hub, "listConnections", null, null);
            assertFalse(Arrays.stream(after).anyMatch(line -> line.startsWith(webSocketId + " ")),
                    () -> String.join("\n", after));
            sse.close();
        }
    }

    /** Runs last: stops the node. */
    @Test
    @Order(99)
    void aGracefulStopSaysGoodbyeToEveryClient() throws Exception {
        RawSseClient envelopeStream = api.openRaw("api/events", Map.of()).expectEventStream();
        RawSseClient flaskStream = api.openRaw("stream?channel=sse", Map.of()).expectEventStream();
        WebSocketTestClient webSocket = WebSocketTestClient.connect(WebSocketTestClient.endpoint(api.base()), "bye-ws");
        SocketIoTestClient socketIo = SocketIoTestClient.connect(node.socketIoPort(), "websocket");
        SocketIoTestClient polling = SocketIoTestClient.connect(node.socketIoPort(), "polling");
        // And through the app server's own port, where the same engine says goodbye through the container.
        SocketIoTestClient sameOrigin = SocketIoTestClient.connect(node.base().getPort(), "websocket");
        SocketIoTestClient sameOriginPolling = SocketIoTestClient.connect(node.base().getPort(), "polling");
        api.awaitConnections(count -> count >= 2, TIMEOUT, "both SSE clients");

        node.close(); // SIGTERM: the goodbye comes from the signal handler, before Payara starts its own stop

        SseFrame last = envelopeStream.frames().await(frame -> "shutdown".equals(frame.envelopeType()), TIMEOUT,
                "the shutdown envelope");
        assertEquals(3000L, last.retry());
        assertTrue(last.comment() != null && last.comment().contains("shutting down"), last::toString);
        assertEquals(null, last.id());
        SseFrame named = flaskStream.frames().await(frame -> "shutdown".equals(frame.event()), TIMEOUT,
                "the named shutdown event");
        assertEquals(3000L, named.retry());
        assertEquals("server shutting down",
                Json.createReader(new StringReader(named.data())).readObject().getString("reason"));

        CloseReason closed = webSocket.awaitClosed(TIMEOUT);
        assertEquals(CloseReason.CloseCodes.GOING_AWAY.getCode(), closed.getCloseCode().getCode(), closed::toString);

        for (SocketIoTestClient client : List.of(socketIo, polling, sameOrigin, sameOriginPolling)) {
            Object reason = client.await("shutdown", payload -> true).payload();
            assertEquals("server shutting down", ((JSONObject) reason).getString("reason"));
            SystemTestSupport.awaitValue(client::connected, connected -> !connected, TIMEOUT, Duration.ofMillis(100),
                    "the Socket.IO client disconnected");
            client.close();
        }
        webSocket.close();
        envelopeStream.close();
        flaskStream.close();
        // Both ports are free again: nothing of the node lingers.
        new java.net.ServerSocket(node.socketIoPort()).close();
        new java.net.ServerSocket(node.base().getPort()).close();
    }

    private static Object attribute(MBeanServerConnection server, ObjectName name, String attribute) {
        try {
            return server.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new AssertionError(attribute, e);
        }
    }

    /** Scrapes as Prometheus does: plain HTTP, accepting the text format. */
    private static String scrape() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(api.base().resolve("api/metrics"))
                .header("Accept", "text/plain;version=0.0.4;q=0.3,*/*;q=0.2").timeout(TIMEOUT).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            String type = response.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.startsWith("text/plain; version=0.0.4"), type);
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("scrape failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The value of the sample named exactly {@code series} (name and labels); 0 when absent. */
    private static long metric(String text, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }
}
