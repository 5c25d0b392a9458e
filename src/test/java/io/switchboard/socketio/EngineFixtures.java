package io.switchboard.socketio;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.HandshakeData;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.ack.AckManager;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.ClientsBox;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.corundumstudio.socketio.scheduler.CancelableScheduler;
import com.corundumstudio.socketio.store.MemoryStoreFactory;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** netty-socketio's own pieces, made as its server makes them, for the tests of what sends through its pipeline. */
final class EngineFixtures {

    private EngineFixtures() {
    }

    static Configuration configuration(int maxFramePayload) {
        Configuration configuration = new Configuration();
        configuration.setJsonSupport(new JacksonJsonSupport());
        configuration.setMaxFramePayloadLength(maxFramePayload);
        return configuration;
    }

    /** An Engine.IO v4 session from 127.0.0.1, on {@code transport} until it upgrades. */
    static ClientHead session(Configuration configuration, CancelableScheduler scheduler, Transport transport) {
        Map<String, List<String>> params = Map.of("EIO", List.of("4"));
        HandshakeData handshake = new HandshakeData(new DefaultHttpHeaders(), params,
                new InetSocketAddress("127.0.0.1", 50000), new InetSocketAddress("127.0.0.1", 8000), "/ws/chat/", false);
        return new ClientHead(UUID.randomUUID(), new AckManager(scheduler), client -> { }, new MemoryStoreFactory(),
                handshake, new ClientsBox(), transport, scheduler, configuration, params);
    }

    static Packet ack(long id, String answer) {
        Packet packet = new Packet(PacketType.MESSAGE, EngineIOVersion.V4);
        packet.setSubType(PacketType.ACK);
        packet.setNsp("");
        packet.setAckId(id);
        packet.setData(List.of(answer));
        return packet;
    }

    /** The WebSocket frames written on {@code channel} so far, as {@code kind:text}, released. */
    static List<String> framesOf(EmbeddedChannel channel) {
        List<String> written = new ArrayList<>();
        for (Object out; (out = channel.readOutbound()) != null; ) {
            WebSocketFrame frame = (WebSocketFrame) out;
            String kind = frame.getClass().getSimpleName().replace("WebSocketFrame", "").toLowerCase();
            written.add(kind + ":" + new String(ByteBufUtil.getBytes(frame.content()), StandardCharsets.UTF_8));
            frame.release();
        }
        return written;
    }
}
