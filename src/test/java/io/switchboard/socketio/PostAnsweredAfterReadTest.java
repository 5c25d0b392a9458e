package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.history.HistoryPage;
import io.switchboard.message.ChatMessage;
import io.switchboard.message.MessageValidator;
import io.switchboard.testing.RawHttp;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.SocketIoTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A polling POST is answered once its packets have been read, never before: a client sends what follows (its next
 * POST, or the upgrade's {@code 5} and the rest of a binary packet over the new WebSocket) as soon as it has the
 * answer, on another connection that another event loop reads. Answered early, that could be read first; a binary
 * packet's attachment then came before its header and the emit went unanswered.
 */
@Timeout(60)
class PostAnsweredAfterReadTest {

    private static final String SEP = "\u001e";
    private static final String AUDIO_HEADER = "[\"message\",{\"type\":\"audio\",\"media_type\":\"audio/x-raw\","
            + "\"sender\":\"t\",\"content\":{\"_placeholder\":true,\"num\":0}}]";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<ChatMessage> sent = new CopyOnWriteArrayList<>();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean slow;
    private int port;
    private SocketIoEngine engine;

    @BeforeEach
    void start() {
        port = SocketIoTestClient.freePort();
        SocketIoSettings settings = new SocketIoSettings("127.0.0.1", port, List.of(), 25000, 20000, 1_000_000);
        ClientRequests requests = new ClientRequests(new MessageValidator(1_048_576), draft -> {
            if (slow) {
                // A listener that takes its time (a hub under load): the POST it came in waits for it.
                entered.countDown();
                await(release);
            }
            ChatMessage accepted = draft.accepted("1-" + sent.size(), Instant.now());
            sent.add(accepted);
            return accepted;
        }, request -> CompletableFuture.completedFuture(new HistoryPage(List.of(), false)));
        engine = new SocketIoEngine(settings, requests, new ConnectionRegistry(), getClass().getClassLoader());
        engine.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        engine.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "binary"})
    void aPostIsAnsweredOnlyOnceItsPacketsHaveBeenRead(String kind) throws Exception {
        String session = openSession();
        String body = kind.equals("text")
                ? "421[\"message\",{\"type\":\"text\",\"content\":\"slow\",\"sender\":\"t\"}]"
                : "451-1" + AUDIO_HEADER + SEP + "bAAEC";
        slow = true;

        CompletableFuture<RawHttp.Response> post = RawHttp.requestAsync(port, "POST", session, body, WAIT);
        assertTrue(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the message reached no listener");
        Thread.sleep(300);
        assertFalse(post.isDone(), "the POST was answered before its packets had been read");
        release.countDown();

        assertEquals("ok", post.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).body());
        String poll = RawHttp.request(port, "GET", session, null, WAIT).body();
        assertTrue(poll.startsWith("431[{\"ok\":true"), poll);
    }

    /** The straddling packet of the JavaScript client's {@code acrossTheUpgrade}: header by POST, attachment by WebSocket. */
    @Test
    void aBinaryPacketWhoseHeaderCameByPollingAndAttachmentOverTheUpgradedWebSocketIsAnsweredOnce() throws Exception {
        String session = openSession();
        String sid = session.substring(session.indexOf("sid=") + 4);
        try (RawWebSocket socket = RawWebSocket.open(port, "/ws/chat/?EIO=4&transport=websocket&sid=" + sid)) {
            socket.send("2probe");
            socket.await("3probe"::equals);
            // The client holds the attachment back while it upgrades, and sends it once the POST is answered.
            assertEquals("ok", RawHttp.request(port, "POST", session, "451-2" + AUDIO_HEADER, WAIT).body());
            socket.send("5");
            socket.sendBinary(new byte[] {0, 1, 2});

            String ack = socket.await(frame -> frame.startsWith("432["));
            assertTrue(ack.startsWith("432[{\"ok\":true"), ack);
            assertEquals("data:audio/x-raw;base64,AAEC", sent.get(0).content());
            assertEquals(1, sent.size());
        }
    }

    /** A session past the handshake and its namespace CONNECT; its polling path. */
    private String openSession() {
        String path = "/ws/chat/?EIO=4&transport=polling";
        String sid = new JSONObject(RawHttp.request(port, "GET", path, null, WAIT).body().substring(1))
                .getString("sid");
        String session = path + "&sid=" + sid;
        assertEquals("ok", RawHttp.request(port, "POST", session, "40", WAIT).body());
        assertTrue(RawHttp.request(port, "GET", session, null, WAIT).body().startsWith("40"));
        return session;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
