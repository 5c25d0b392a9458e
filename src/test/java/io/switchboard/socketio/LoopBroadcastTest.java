package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.EncoderHandler;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.scheduler.HashedWheelScheduler;
import com.corundumstudio.socketio.transport.NamespaceClient;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Broadcasts handed to each client's event loop and written there as the frame encoded once, against what
 * netty-socketio's own send writes: the same frames, in the same order, with packets queued ahead of a broadcast
 * sent first, and polling sessions left to the library's queue.
 */
class LoopBroadcastTest {

    private static final int MAX_FRAME = 1024;

    private final Configuration configuration = configuration();
    private final HashedWheelScheduler scheduler = new HashedWheelScheduler();
    private final LosslessPollingEncoder encoder = encoder();
    private final SharedBroadcastFrames frames = new SharedBroadcastFrames(encoder, MAX_FRAME);
    private final LoopBroadcast broadcast = new LoopBroadcast(frames);
    private final Namespace namespace = new Namespace("", configuration);
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void stop() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        scheduler.shutdown();
    }

    @Test
    void aBroadcastReachesEveryWebSocketClientOnItsLoopAsTheEnginesOwnFrame() {
        EmbeddedChannel first = webSocketChannel();
        EmbeddedChannel second = webSocketChannel();
        NamespaceClient a = client(first, Transport.WEBSOCKET);
        NamespaceClient b = client(second, Transport.WEBSOCKET);
        SharedPayload payload = new SharedPayload("{\"id\":\"1-0\",\"content\":\"h\u00e9\"}");
        List<SocketIOClient> polled = new ArrayList<>();

        int reached = broadcast.send(List.of(a, b), "message", payload, polled::add);

        assertEquals(2, reached);
        assertEquals(List.of(), framesOf(first), "nothing written before the loop runs its task");
        first.runPendingTasks();
        second.runPendingTasks();
        String expected = "text:42[\"message\",{\"id\":\"1-0\",\"content\":\"h\u00e9\"}]";
        assertEquals(List.of(expected), framesOf(first));
        assertEquals(List.of(expected), framesOf(second));
        assertEquals(List.of(), polled);
        byte[] encoded = payload.encoded("");
        assertNotNull(encoded, "encoded once, for the first");
        assertEquals(List.of(expected), enginesOwnFrames(Transport.WEBSOCKET, "message", payload));
        assertSame(encoded, payload.encoded(""));
    }

    @Test
    void aPacketQueuedAheadOfTheBroadcastGoesOutFirst() {
        EmbeddedChannel channel = webSocketChannel();
        NamespaceClient client = client(channel, Transport.WEBSOCKET);
        broadcast.send(List.of(client), "message", new SharedPayload("{\"n\":1}"), c -> { });
        // An ack sent from another thread: in the session's queue, its write task not yet run on the loop.
        client.getBaseClient().getPacketsQueue(Transport.WEBSOCKET).add(ack(3, "ok"));
        broadcast.send(List.of(client), "message", new SharedPayload("{\"n\":2}"), c -> { });

        channel.runPendingTasks();

        // The first broadcast's turn comes after the ack was queued: both go out behind it, in order.
        assertEquals(List.of("text:433[\"ok\"]", "text:42[\"message\",{\"n\":1}]", "text:42[\"message\",{\"n\":2}]"),
                framesOf(channel));
    }

    @Test
    void broadcastsKeepTheirOrderOnEachClient() {
        EmbeddedChannel channel = webSocketChannel();
        NamespaceClient client = client(channel, Transport.WEBSOCKET);
        for (int n = 1; n <= 5; n++) {
            broadcast.send(List.of(client), "message", new SharedPayload("{\"n\":" + n + "}"), c -> { });
        }

        channel.runPendingTasks();

        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            expected.add("text:42[\"message\",{\"n\":" + n + "}]");
        }
        assertEquals(expected, framesOf(channel));
    }

    @Test
    void aBroadcastTooLargeForOneFrameTakesTheEnginesContinuationFrames() {
        EmbeddedChannel channel = webSocketChannel();
        NamespaceClient client = client(channel, Transport.WEBSOCKET);
        // Over 8 KiB: the engine splits in pieces of that size, and fails on anything between its limit and that.
        SharedPayload large = new SharedPayload("\"" + "x".repeat(3 * 8192) + "\"");

        broadcast.send(List.of(client), "message", large, c -> { });
        channel.runPendingTasks();

        List<String> written = framesOf(channel);
        assertEquals(enginesOwnFrames(Transport.WEBSOCKET, "message", large), written);
        assertEquals(4, written.size(), "split over continuation frames: " + written);
    }

    @Test
    void aPollingSessionGetsTheBroadcastInItsQueueAndIsToldOf() {
        EmbeddedChannel channel = webSocketChannel();
        NamespaceClient client = client(channel, Transport.POLLING);
        List<SocketIOClient> polled = new ArrayList<>();

        broadcast.send(List.of(client), "message", new SharedPayload("{\"n\":1}"), polled::add);
        channel.runPendingTasks();

        assertEquals(List.of(client), polled);
        assertEquals(List.of(), framesOf(channel));
        Packet waiting = client.getBaseClient().getPacketsQueue(Transport.POLLING).peek();
        assertNotNull(waiting, "queued for the next poll");
        assertEquals("message", waiting.getName());
        assertNull(ClientChannels.webSocket(client.getBaseClient()));
    }

    @Test
    void theChannelOfAWebSocketSessionIsRead() {
        EmbeddedChannel channel = webSocketChannel();
        NamespaceClient client = client(channel, Transport.WEBSOCKET);

        assertSame(channel, ClientChannels.webSocket(client.getBaseClient()));
    }

    /** What netty-socketio's own send writes for the event, on a client of its own. */
    private List<String> enginesOwnFrames(Transport transport, String name, Object payload) {
        EmbeddedChannel channel = new EmbeddedChannel(enginesEncoder());
        channels.add(channel);
        NamespaceClient client = client(channel, transport);
        client.sendEvent(name, payload);
        channel.runPendingTasks();
        return framesOf(channel);
    }

    private EmbeddedChannel webSocketChannel() {
        EmbeddedChannel channel = new EmbeddedChannel(enginesEncoder());
        channel.pipeline().addLast(SharedBroadcastFrames.NAME, frames);
        channels.add(channel);
        return channel;
    }

    private NamespaceClient client(EmbeddedChannel channel, Transport transport) {
        ClientHead head = EngineFixtures.session(configuration, scheduler, transport);
        if (transport == Transport.WEBSOCKET) {
            head.bindChannel(channel, Transport.WEBSOCKET);
        }
        return head.addNamespaceClient(namespace);
    }

    private static List<String> framesOf(EmbeddedChannel channel) {
        return EngineFixtures.framesOf(channel);
    }

    private static Packet ack(long id, String answer) {
        return EngineFixtures.ack(id, answer);
    }

    private LosslessPollingEncoder encoder() {
        return new LosslessPollingEncoder(configuration, configuration.getJsonSupport());
    }

    private EncoderHandler enginesEncoder() {
        try {
            return new EncoderHandler(configuration, encoder);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Configuration configuration() {
        return EngineFixtures.configuration(MAX_FRAME);
    }
}
