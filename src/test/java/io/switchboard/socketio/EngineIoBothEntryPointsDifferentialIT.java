package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.NodeReference;
import io.switchboard.socketio.EngineIoDifferentialTest.Scenario;
import io.switchboard.system.PayaraNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13's eight points (and a ninth found with them) on both of a deployed node's entry points: the same raw requests go to the reference
 * server (socket.io 4.8 under Node), to the app server's own port ({@code /ws/chat/} on Payara Micro's HTTP listener,
 * through the bridge) and to the direct Socket.IO port, all at once, and the three must answer alike. One node with
 * 300/200 ms heartbeats, one with the defaults (25 s/20 s) for the heartbeat points, as in
 * {@link EngineIoDifferentialTest}, which checks the engine alone.
 */
@Timeout(600)
class EngineIoBothEntryPointsDifferentialIT {

    static NodeReference referenceShort;
    static NodeReference referenceDefault;
    static PayaraNode nodeShort;
    static PayaraNode nodeDefault;
    static int directShort;
    static int directDefault;
    /** A thread per scenario run: they block, and the timing points need all of them running at once. */
    static final ExecutorService RUNNERS = Executors.newCachedThreadPool();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(NodeReference.nodeAvailable(), "Node.js is needed for the reference server");
        directShort = PayaraNode.freePort();
        nodeShort = PayaraNode.start("differential-short", heartbeats(EngineIoDifferentialTest.SHORT_INTERVAL,
                EngineIoDifferentialTest.SHORT_TIMEOUT, directShort));
        directDefault = PayaraNode.freePort();
        nodeDefault = PayaraNode.start("differential-default", heartbeats(EngineIoDifferentialTest.DEFAULT_INTERVAL,
                EngineIoDifferentialTest.DEFAULT_TIMEOUT, directDefault));
        referenceShort = EngineIoDifferentialTest.reference(EngineIoDifferentialTest.SHORT_INTERVAL,
                EngineIoDifferentialTest.SHORT_TIMEOUT);
        referenceDefault = EngineIoDifferentialTest.reference(EngineIoDifferentialTest.DEFAULT_INTERVAL,
                EngineIoDifferentialTest.DEFAULT_TIMEOUT);
        nodeShort.awaitHealth(body -> body.contains("\"status\":\"UP\""));
        nodeDefault.awaitHealth(body -> body.contains("\"status\":\"UP\""));
    }

    private static Map<String, String> heartbeats(int interval, int timeout, int directPort) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("switchboard.socketio.ping-interval", String.valueOf(interval));
        properties.put("switchboard.socketio.ping-timeout", String.valueOf(timeout));
        properties.put("switchboard.socketio.port", String.valueOf(directPort));
        return properties;
    }

    @AfterAll
    static void stop() {
        RUNNERS.shutdownNow();
        for (AutoCloseable each : new AutoCloseable[] {referenceShort, referenceDefault, nodeShort, nodeDefault}) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (Exception e) {
                // Closing the others matters more.
            }
        }
    }

    /** The scenario on the reference, the app server's port and the direct port at once; both must match the first. */
    static void assertAlike(Scenario scenario, NodeReference reference, PayaraNode node, int directPort) throws Exception {
        CompletableFuture<List<String>> expected = attempt(scenario, reference.port());
        CompletableFuture<List<String>> appPort = attempt(scenario, node.base().getPort());
        CompletableFuture<List<String>> direct = attempt(scenario, directPort);
        List<String> answers = expected.get(300, TimeUnit.SECONDS);
        assertEquals(answers, appPort.get(300, TimeUnit.SECONDS), "the app server's port; the reference answered "
                + answers);
        assertEquals(answers, direct.get(300, TimeUnit.SECONDS), "the direct port; the reference answered " + answers);
    }

    private static CompletableFuture<List<String>> attempt(Scenario scenario, int port) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return scenario.run(port);
            } catch (Exception e) {
                return List.of("failed: " + e);
            }
        }, RUNNERS);
    }

    private static void assertAlikeShort(Scenario scenario) throws Exception {
        assertAlike(scenario, referenceShort, nodeShort, directShort);
    }

    @Test
    void binaryPacketsOverWebSocket() throws Exception {
        for (Scenario scenario : EngineIoDifferentialTest.binaryOverWebSocket()) {
            assertAlikeShort(scenario);
        }
    }

    @Test
    void point1PollingHeartbeat() throws Exception {
        assertAlikeShort(EngineIoDifferentialTest.pollingHeartbeat(EngineIoDifferentialTest.SHORT_INTERVAL, 3));
    }

    @Test
    void point1PollingHeartbeatOverKeptAliveConnections() throws Exception {
        assertAlikeShort(EngineIoDifferentialTest.pollingHeartbeatKeepAlive(EngineIoDifferentialTest.SHORT_INTERVAL, 3));
    }

    @Test
    void point2PollingPingTimeout() throws Exception {
        assertAlikeShort(EngineIoDifferentialTest.pollingPingTimeout(EngineIoDifferentialTest.SHORT_INTERVAL,
                EngineIoDifferentialTest.SHORT_TIMEOUT));
    }

    @Test
    void point3WebSocketClosePacket() throws Exception {
        assertAlikeShort(EngineIoDifferentialTest.webSocketClosePacket());
    }

    @Test
    void point4SecondWebSocketAfterTheUpgrade() throws Exception {
        assertAlikeShort(EngineIoDifferentialTest.secondWebSocketAfterTheUpgrade());
    }

    @Test
    void point5UnknownNamespace() throws Exception {
        assertAlikeShort(EngineIoDifferentialTest.unknownNamespace());
    }

    @Test
    void point6InvalidPacketBeforeConnect() throws Exception {
        assertAlikeShort(EngineIoDifferentialTest.invalidPacketBeforeConnect());
    }

    @Test
    void point7DisconnectFromTheMainNamespace() throws Exception {
        assertAlikeShort(EngineIoDifferentialTest.disconnectFromMainNamespace(EngineIoDifferentialTest.SHORT_INTERVAL));
    }

    @Test
    void point8InvalidPacketAfterConnect() throws Exception {
        assertAlikeShort(EngineIoDifferentialTest.invalidPacketAfterConnect());
    }

    @Test
    void point9NoBroadcastBeforeConnect() throws Exception {
        assertAlikeShort(EngineIoDifferentialTest.noBroadcastBeforeConnect(EngineIoDifferentialTest.SHORT_INTERVAL));
    }

    /** Every point at the default heartbeats, all at once (the longest takes interval + timeout, 45 s). */
    @Test
    void everyPointAtTheDefaults() throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>(EngineIoDifferentialTest.everyPoint(
                EngineIoDifferentialTest.DEFAULT_INTERVAL, EngineIoDifferentialTest.DEFAULT_TIMEOUT, 1));
        scenarios.add(EngineIoDifferentialTest.noBroadcastBeforeConnect(EngineIoDifferentialTest.DEFAULT_INTERVAL));
        for (Scenario scenario : scenarios) {
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    assertAlike(scenario, referenceDefault, nodeDefault, directDefault);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, RUNNERS));
        }
        for (CompletableFuture<Void> one : all) {
            try {
                one.get(300, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof AssertionError failed ? failed : new AssertionError(e.getCause());
            }
        }
    }
}
