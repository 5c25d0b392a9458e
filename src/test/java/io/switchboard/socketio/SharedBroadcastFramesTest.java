package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.EncoderHandler;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.corundumstudio.socketio.scheduler.HashedWheelScheduler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The same packets sent to WebSocket clients through netty-socketio's encoder alone and with the shared frames in
 * front of it: the same frames, in the same order, with a shared broadcast encoded once for all its recipients.
 */
class SharedBroadcastFramesTest {

    private static final int MAX_FRAME = 1024;

    private final Configuration configuration = configuration();
    private final HashedWheelScheduler scheduler = new HashedWheelScheduler();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdown();
    }

    @Test
    void aMixOfBroadcastsAndOtherPacketsGoesOutAsTheEnginesOwnEncoderSendsIt() throws Exception {
        SharedPayload first = new SharedPayload("{\"id\":\"1-0\",\"content\":\"h\u00e9 \\\"q\\\"\"}");
        SharedPayload second = new SharedPayload("{\"id\":\"2-0\"}");
        List<Packet> sent = List.of(open(), event("message", first), ack(7, "ok"), event("message", second),
                event("event", "not shared"), event("message", first), ping());

        List<String> alone = framesOf(false, sent);
        List<String> shared = framesOf(true, sent);

        assertEquals(alone, shared);
        assertEquals(List.of("text:0{\"sid\":\"s1\"}", "text:42[\"message\",{\"id\":\"1-0\",\"content\":\"h\u00e9 \\\"q\\\"\"}]", "text:437[\"ok\"]",
                "text:42[\"message\",{\"id\":\"2-0\"}]", "text:42[\"event\",\"not shared\"]",
                "text:42[\"message\",{\"id\":\"1-0\",\"content\":\"h\u00e9 \\\"q\\\"\"}]", "text:2"), shared);
    }

    @Test
    void aBroadcastIsEncodedOnceForAllItsRecipients() throws Exception {
        SharedPayload payload = new SharedPayload("{\"n\":1}");
        framesOf(true, List.of(event("message", payload)));
        byte[] encoded = payload.encoded("");
        assertNotNull(encoded);

        List<String> second = framesOf(true, List.of(event("message", payload)));

        assertSame(encoded, payload.encoded(""), "the second recipient got the bytes of the first");
        assertEquals(List.of("text:42[\"message\",{\"n\":1}]"), second);
    }

    @Test
    void aBroadcastTooLargeForOneFrameIsLeftToTheEnginesContinuationFrames() throws Exception {
        SharedPayload large = new SharedPayload("\"" + "x".repeat(3 * 8192) + "\"");
        List<Packet> sent = List.of(event("message", new SharedPayload("1")), event("message", large),
                event("message", new SharedPayload("2")));

        List<String> alone = framesOf(false, sent);
        List<String> shared = framesOf(true, sent);

        assertEquals(alone, shared);
        assertEquals(6, shared.size(), "one frame, the large one in four, one frame: " + shared);
    }

    @Test
    void packetsWaitingForAPollGoOutInOrderOverTheUpgradedWebSocket() throws Exception {
        SharedPayload payload = new SharedPayload("{\"n\":2}");
        List<Packet> sent = List.of(event("message", payload), ack(1, "a"), event("message", payload));

        List<String> shared = framesOf(true, sent, true);

        assertEquals(framesOf(false, sent, true), shared);
        assertEquals(List.of("text:42[\"message\",{\"n\":2}]", "text:431[\"a\"]", "text:42[\"message\",{\"n\":2}]"),
                shared);
        assertNotNull(payload.encoded(""), "sent as shared bytes");
    }

    private List<String> framesOf(boolean sharedFrames, List<Packet> packets) throws Exception {
        return framesOf(sharedFrames, packets, false);
    }

    /** The frames a WebSocket client's channel writes for {@code packets}, each sent as netty-socketio sends it. */
    private List<String> framesOf(boolean sharedFrames, List<Packet> packets, boolean queuedBeforeBinding)
            throws Exception {
        LosslessPollingEncoder encoder = new LosslessPollingEncoder(configuration, configuration.getJsonSupport());
        EmbeddedChannel channel = new EmbeddedChannel(new EncoderHandler(configuration, encoder));
        if (sharedFrames) {
            channel.pipeline().addLast(SharedBroadcastFrames.NAME,
                    new SharedBroadcastFrames(encoder, configuration.getMaxFramePayloadLength()));
        }
        ClientHead client = client();
        if (!queuedBeforeBinding) {
            client.bindChannel(channel, Transport.WEBSOCKET);
        }
        for (Packet packet : packets) {
            // Before the binding: waiting for a poll that never came, then handed over by the upgrade.
            client.send(packet, queuedBeforeBinding ? Transport.POLLING : Transport.WEBSOCKET);
        }
        if (queuedBeforeBinding) {
            client.bindChannel(channel, Transport.WEBSOCKET);
            client.upgradeCurrentTransport(Transport.WEBSOCKET);
        }
        channel.runPendingTasks();
        List<String> frames = EngineFixtures.framesOf(channel);
        channel.finishAndReleaseAll();
        return frames;
    }

    private ClientHead client() {
        return EngineFixtures.session(configuration, scheduler, Transport.POLLING);
    }

    private static Packet event(String name, Object payload) {
        Packet packet = new Packet(PacketType.MESSAGE, EngineIOVersion.V4);
        packet.setSubType(PacketType.EVENT);
        packet.setNsp("");
        packet.setName(name);
        packet.setData(List.of(payload));
        return packet;
    }

    private static Packet ack(long id, String answer) {
        return EngineFixtures.ack(id, answer);
    }

    /** An open packet: its data is the handshake, not a list. */
    private static Packet open() {
        Packet packet = new Packet(PacketType.OPEN, EngineIOVersion.V4);
        packet.setData(Map.of("sid", "s1"));
        return packet;
    }

    private static Packet ping() {
        return new Packet(PacketType.PING, EngineIOVersion.V4);
    }

    private static Configuration configuration() {
        return EngineFixtures.configuration(MAX_FRAME);
    }
}
