package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketEncoder;
import com.corundumstudio.socketio.protocol.PacketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** What polls of a session with 120 packets waiting carry, with netty-socketio's encoder and with this one. */
class LosslessPollingEncoderTest {

    private static final int WAITING = 120;
    private static final int LIMIT = 50; // what netty-socketio's EncoderHandler asks for per poll

    @Test
    void everyWaitingPacketGoesOutInOrderFiftyAPoll() throws Exception {
        List<String> polls = drain(new LosslessPollingEncoder(new Configuration(), new JacksonJsonSupport()));

        assertEquals(3, polls.size());
        List<String> events = new ArrayList<>();
        for (String poll : polls) {
            events.addAll(List.of(poll.split("\u001e")));
        }
        assertEquals(List.of(50, 50, 20), polls.stream().map(poll -> poll.split("\u001e").length).toList());
        for (int i = 0; i < WAITING; i++) {
            assertEquals("42[\"message\",\"e-" + i + "\"]", events.get(i));
        }
    }

    @Test
    void nettySocketiosOwnEncoderLosesTheFiftyFirst() throws Exception {
        List<String> polls = drain(new PacketEncoder(new Configuration(), new JacksonJsonSupport()));

        int sent = polls.stream().mapToInt(poll -> poll.split("\u001e").length).sum();
        assertEquals(WAITING - 2, sent, "if this fails, netty-socketio fixed it: LosslessPollingEncoder can go");
    }

    @Test
    void attachmentsGoOutAsBase64PacketsOfTheirOwnAsEngineIoV4HasThem() throws Exception {
        Queue<Packet> queue = new ConcurrentLinkedQueue<>();
        Packet binary = new Packet(PacketType.MESSAGE, EngineIOVersion.V4);
        binary.setSubType(PacketType.EVENT);
        binary.setNsp("");
        binary.setName("message");
        binary.setData(List.of(java.util.Map.of("content", new byte[] {0, 1, (byte) 255})));
        queue.add(binary);
        Packet text = new Packet(PacketType.MESSAGE, EngineIOVersion.V4);
        text.setSubType(PacketType.EVENT);
        text.setNsp("");
        text.setName("message");
        text.setData(List.of("after"));
        queue.add(text);
        ByteBuf out = Unpooled.buffer();

        new LosslessPollingEncoder(new Configuration(), new JacksonJsonSupport())
                .encodePackets(queue, out, ByteBufAllocator.DEFAULT, LIMIT);

        assertEquals(List.of("451-[\"message\",{\"content\":{\"_placeholder\":true,\"num\":0}}]", "bAAH/",
                "42[\"message\",\"after\"]"), List.of(out.toString(StandardCharsets.UTF_8).split("\u001e")));
        out.release();
    }

    private static List<String> drain(PacketEncoder encoder) throws Exception {
        Queue<Packet> queue = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < WAITING; i++) {
            Packet packet = new Packet(PacketType.MESSAGE, EngineIOVersion.V4);
            packet.setSubType(PacketType.EVENT);
            packet.setNsp("");
            packet.setName("message");
            packet.setData(List.of("e-" + i));
            queue.add(packet);
        }
        List<String> polls = new ArrayList<>();
        while (!queue.isEmpty()) {
            ByteBuf out = Unpooled.buffer();
            encoder.encodePackets(queue, out, ByteBufAllocator.DEFAULT, LIMIT);
            polls.add(out.toString(StandardCharsets.UTF_8));
            out.release();
        }
        return polls;
    }
}
