package io.switchboard.socketio;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.corundumstudio.socketio.transport.NamespaceClient;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The Socket.IO v5 rules netty-socketio 2.0.14 gets wrong, checked on each packet before its decoder sees it, as the
 * reference server (socket.io 4.8) applies them:
 * <ul>
 * <li>A frame that is not a Socket.IO packet (an Engine.IO message whose first character is no packet type, such as
 * {@code 4abc}) closes the client's connection. netty-socketio logs a decoding error and keeps the connection.</li>
 * <li>A CONNECT to a namespace the server does not have is answered {@code 44/nsp,{"message":"Invalid namespace"}}.
 * netty-socketio sends the message as a bare string, where the protocol (and the clients) expect an object.</li>
 * <li>A DISCONNECT from the main namespace ({@code 41}) ends that Socket.IO connection only: the Engine.IO session
 * stays up, is pinged, and may CONNECT again. netty-socketio drops the whole session on it (it stops pinging and
 * forgets the client, with its connection left open and silent). Any other packet before that new CONNECT closes
 * the connection, as the reference does.</li>
 * </ul>
 * A valid packet whose content is refused is not this handler's business: it is answered with an error ack or
 * {@code error} event further on.
 */
@ChannelHandler.Sharable
final class SocketIoPacketRules extends ChannelInboundHandlerAdapter {

    static final String NAME = "switchboardSocketIoPackets";

    private static final Logger LOG = Logger.getLogger(SocketIoPacketRules.class.getName());
    private static final char ENGINE_IO_MESSAGE = '4';
    private static final char CONNECT = '0';
    private static final char DISCONNECT = '1';

    /** What to do with one Engine.IO packet. */
    enum Verdict { PASS, MALFORMED, UNKNOWN_NAMESPACE, LEAVE_MAIN_NAMESPACE }

    private final Set<UUID> leftMainNamespace = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<UUID> leaving = new ThreadLocal<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof PacketsMessage packets) || packets.getClient().getEngineIOVersion() != EngineIOVersion.V4) {
            ctx.fireChannelRead(msg);
            return;
        }
        ClientHead client = packets.getClient();
        String text = packets.getContent().toString(StandardCharsets.UTF_8);
        List<String> all = packets.getTransport() == Transport.WEBSOCKET ? List.of(text)
                : List.of(text.split(String.valueOf(BinaryPacketAssembler.SEPARATOR), -1));
        List<String> kept = new ArrayList<>(all.size());
        for (String packet : all) {
            boolean left = leftMainNamespace.contains(client.getSessionId());
            switch (verdict(packet, left)) {
                case MALFORMED -> {
                    LOG.fine(() -> "Closing Socket.IO session " + client.getSessionId() + ": not a Socket.IO packet: "
                            + abbreviate(packet));
                    close(ctx, client, packets.getTransport());
                    return;
                }
                case UNKNOWN_NAMESPACE -> client.send(invalidNamespace(packet));
                case LEAVE_MAIN_NAMESPACE -> leaveMainNamespace(client);
                case PASS -> {
                    if (left && isConnect(packet)) {
                        leftMainNamespace.remove(client.getSessionId());
                    }
                    kept.add(packet);
                }
            }
        }
        if (kept.size() == all.size()) {
            ctx.fireChannelRead(msg);
        } else if (!kept.isEmpty()) {
            // The original buffer is left to netty-socketio, which releases it (as BinaryAttachmentAssembly does).
            ctx.fireChannelRead(new PacketsMessage(client, Unpooled.copiedBuffer(
                    String.join(String.valueOf(BinaryPacketAssembler.SEPARATOR), kept), StandardCharsets.UTF_8),
                    packets.getTransport()));
        }
    }

    /**
     * @param packet one Engine.IO packet, as text
     * @param left   whether the session has left the main namespace and not connected again
     */
    static Verdict verdict(String packet, boolean left) {
        if (packet.isEmpty() || packet.charAt(0) != ENGINE_IO_MESSAGE) {
            return Verdict.PASS; // Engine.IO's own packets (ping, pong, upgrade, close), and base64 binary ones
        }
        if (packet.length() < 2 || packet.charAt(1) < '0' || packet.charAt(1) > '6') {
            return Verdict.MALFORMED;
        }
        char type = packet.charAt(1);
        String namespace = namespace(packet);
        if (type == CONNECT) {
            return namespace.equals(Namespace.DEFAULT_NAME) ? Verdict.PASS : Verdict.UNKNOWN_NAMESPACE;
        }
        if (!namespace.equals(Namespace.DEFAULT_NAME)) {
            return Verdict.PASS; // netty-socketio ignores packets for namespaces it has not connected
        }
        if (left) {
            return Verdict.MALFORMED; // the reference closes a connection that talks to a namespace it left
        }
        return type == DISCONNECT ? Verdict.LEAVE_MAIN_NAMESPACE : Verdict.PASS;
    }

    /** Whether this disconnect listener call is a client leaving the main namespace, not its session ending. */
    boolean isLeavingMainNamespace(UUID sessionId) {
        return sessionId.equals(leaving.get());
    }

    /** Forgets a closed session. */
    void forget(UUID sessionId) {
        leftMainNamespace.remove(sessionId);
    }

    private static boolean isConnect(String packet) {
        return packet.length() >= 2 && packet.charAt(0) == ENGINE_IO_MESSAGE && packet.charAt(1) == CONNECT;
    }

    /** The namespace of a Socket.IO packet ({@code "4" type [attachments "-"] ["/" nsp ","] ...}); "" for the main one. */
    static String namespace(String packet) {
        int at = 2;
        int dash = packet.indexOf('-', at);
        if (dash > 0 && packet.chars().skip(at).limit(dash - at).allMatch(Character::isDigit) && dash > at) {
            at = dash + 1;
        }
        if (at >= packet.length() || packet.charAt(at) != '/') {
            return Namespace.DEFAULT_NAME;
        }
        int comma = packet.indexOf(',', at);
        String name = packet.substring(at, comma < 0 ? packet.length() : comma);
        return name.equals("/") ? Namespace.DEFAULT_NAME : name;
    }

    private static Packet invalidNamespace(String packet) {
        Packet error = new Packet(PacketType.MESSAGE, EngineIOVersion.V4);
        error.setSubType(PacketType.ERROR);
        error.setNsp(namespace(packet));
        error.setData(Map.of("message", "Invalid namespace"));
        return error;
    }

    /**
     * What netty-socketio does for a namespace client that leaves, less removing it from its session: the listeners
     * run (and see {@link #isLeavingMainNamespace}), the client leaves its rooms, the session stays.
     */
    private void leaveMainNamespace(ClientHead client) {
        for (Namespace namespace : client.getNamespaces()) {
            if (!Namespace.DEFAULT_NAME.equals(namespace.getName())) {
                continue;
            }
            NamespaceClient namespaceClient = client.getChildClient(namespace);
            if (namespaceClient == null) {
                return;
            }
            leftMainNamespace.add(client.getSessionId());
            leaving.set(client.getSessionId());
            try {
                namespace.onDisconnect(namespaceClient);
            } finally {
                leaving.remove();
            }
        }
    }

    private void close(ChannelHandlerContext ctx, ClientHead client, Transport transport) {
        leftMainNamespace.remove(client.getSessionId());
        if (transport == Transport.WEBSOCKET) {
            // netty-socketio ends the session when its WebSocket closes, as when the client goes away.
            ctx.channel().writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
        } else {
            client.disconnect();
        }
    }

    private static String abbreviate(String packet) {
        return packet.length() <= 40 ? packet : packet.substring(0, 40) + "...";
    }
}
