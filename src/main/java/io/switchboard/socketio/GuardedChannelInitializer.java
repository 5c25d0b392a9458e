package io.switchboard.socketio;

import io.switchboard.upgrade.BridgeChannel;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.handler.EncoderHandler;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.util.function.Supplier;

/**
 * netty-socketio's pipeline with Switchboard's handlers around it: the {@link EngineIoGate},
 * {@link UnknownSessionResponse} and {@link UpgradeGuard} for the Engine.IO v4 rules it does not enforce, the
 * {@link BinaryAttachmentAssembly} (told by {@link WebSocketFrameKind} which WebSocket messages are binary)
 * and {@link SocketIoPacketRules} (malformed packets, namespaces) in front of its packet decoder, and
 * {@link PendingPolls} watching the long-polls it may leave hanging, {@link PostAnsweredAfterRead} answering a POST
 * once its packets are read (not before, as it does), and {@link PollingConnectionClose} saying that
 * the connection closes after each response, as netty-socketio closes it; its encoder with the
 * {@link LosslessPollingEncoder}, which loses no packet over polling and writes attachments as Engine.IO v4 has them,
 * {@link WebSocketAttachmentFrames}, which does so over WebSocket, and {@link SharedBroadcastFrames} in front of the
 * encoder, which sends a broadcast's WebSocket frame as bytes encoded once for all its recipients. On the direct
 * port only, a
 * {@link SlowWebSocketCutoff} per connection drops a WebSocket client that leaves too much unread.
 */
final class GuardedChannelInitializer extends SocketIOChannelInitializer {

    private static final EngineIoGate GATE = new EngineIoGate(SocketIoSettings.PATH + "/");
    private static final UnknownSessionResponse UNKNOWN_SESSION = new UnknownSessionResponse();

    private final BinaryAttachmentAssembly assembly;
    private final PendingPolls pendingPolls;
    private final UpgradeGuard upgradeGuard;
    private final SocketIoPacketRules packetRules;
    private final Supplier<ChannelHandler> slowClientCutoff;
    private EncoderHandler losslessEncoder;
    private SharedBroadcastFrames sharedFrames;

    GuardedChannelInitializer(BinaryAttachmentAssembly assembly, PendingPolls pendingPolls, UpgradeGuard upgradeGuard,
                              SocketIoPacketRules packetRules) {
        this(assembly, pendingPolls, upgradeGuard, packetRules, null);
    }

    /** @param slowClientCutoff a new {@link SlowWebSocketCutoff} for each direct-port connection; null: none */
    GuardedChannelInitializer(BinaryAttachmentAssembly assembly, PendingPolls pendingPolls, UpgradeGuard upgradeGuard,
                              SocketIoPacketRules packetRules, Supplier<ChannelHandler> slowClientCutoff) {
        this.assembly = assembly;
        this.pendingPolls = pendingPolls;
        this.upgradeGuard = upgradeGuard;
        this.packetRules = packetRules;
        this.slowClientCutoff = slowClientCutoff;
    }

    /** netty-socketio's own setup, and its encoder again with the {@link LosslessPollingEncoder}. */
    @Override
    public void start(Configuration configuration, NamespacesHub namespacesHub) {
        super.start(configuration, namespacesHub);
        try {
            LosslessPollingEncoder encoder = new LosslessPollingEncoder(configuration, configuration.getJsonSupport());
            losslessEncoder = new EncoderHandler(configuration, encoder);
            sharedFrames = new SharedBroadcastFrames(encoder, configuration.getMaxFramePayloadLength());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What writes a broadcast's frame, encoded once, to a WebSocket client; set once {@link #start} has run. */
    SharedBroadcastFrames sharedFrames() {
        return sharedFrames;
    }

    /** The direct port's connections (netty's own sockets); the app server's go through {@link #initBridge}. */
    @Override
    protected void initChannel(Channel ch) throws Exception {
        super.initChannel(ch);
        if (slowClientCutoff != null) {
            // Outbound, after the HTTP encoder like the handlers below: it sees netty-socketio's WebSocket frames
            // before the WebSocket encoder (which the upgrade puts in the HTTP encoder's place) turns them into bytes.
            ch.pipeline().addAfter(HTTP_ENCODER, SlowWebSocketCutoff.NAME, slowClientCutoff.get());
        }
    }

    /**
     * The same pipeline on a {@link BridgeChannel}: the app server has decoded the client's HTTP request and writes
     * the HTTP answer, so netty-socketio's HTTP codecs pass objects through; after a WebSocket upgrade, Netty's frame
     * codecs work on the connection's bytes as on the direct port. No TLS and no permessage-deflate here: TLS is the
     * app server's listener's, and the container has no part in the frames to negotiate an extension with.
     */
    void initBridge(ChannelPipeline pipeline) {
        addSocketioHandlers(pipeline);
        pipeline.replace(HTTP_ENCODER, HTTP_ENCODER, new BridgeCodecs.ResponsesAsObjects());
        if (pipeline.get(WEB_SOCKET_TRANSPORT_COMPRESSION) != null) {
            pipeline.remove(WEB_SOCKET_TRANSPORT_COMPRESSION);
        }
    }

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        super.addSocketioHandlers(pipeline);
        // Its encoder loses the 51st packet waiting for a poll (LosslessPollingEncoder); the same one, without that.
        pipeline.replace(SOCKETIO_ENCODER, SOCKETIO_ENCODER, losslessEncoder);
        // Outbound, so after the encoder in pipeline order: it takes the broadcasts it can send as shared bytes first.
        pipeline.addAfter(SOCKETIO_ENCODER, SharedBroadcastFrames.NAME, sharedFrames);
        // netty-socketio puts the response encoder after the aggregator, so the aggregator's own answer to a body
        // over max-payload (413) went out unencoded: Netty dropped it and the client saw the connection close.
        pipeline.remove(HTTP_ENCODER);
        pipeline.addBefore(HTTP_AGGREGATOR, HTTP_ENCODER, new HttpResponseEncoder());
        pipeline.addBefore(PACKET_HANDLER, EngineIoGate.NAME, GATE);
        // Outbound, so after the HTTP encoder in pipeline order: it sees responses before they are encoded.
        pipeline.addAfter(HTTP_ENCODER, UnknownSessionResponse.NAME, UNKNOWN_SESSION);
        pipeline.addAfter(HTTP_ENCODER, PollingConnectionClose.NAME, PollingConnectionClose.INSTANCE);
        pipeline.addBefore(PACKET_HANDLER, UpgradeGuard.NAME, upgradeGuard);
        pipeline.addBefore(PACKET_HANDLER, BinaryAttachmentAssembly.NAME, assembly);
        // Outbound, after the HTTP encoder: it sees netty-socketio's WebSocket frames before they are encoded.
        pipeline.addAfter(HTTP_ENCODER, WebSocketAttachmentFrames.NAME, WebSocketAttachmentFrames.INSTANCE);
        pipeline.addBefore(WEB_SOCKET_TRANSPORT, WebSocketFrameKind.NAME, WebSocketFrameKind.INSTANCE);
        pipeline.addBefore(PACKET_HANDLER, BareConnectCompletion.NAME, BareConnectCompletion.INSTANCE);
        // Last before the decoder: it sees each packet as netty-socketio will (binary ones taken out, CONNECTs completed).
        pipeline.addBefore(PACKET_HANDLER, SocketIoPacketRules.NAME, packetRules);
        pipeline.addBefore(XHR_POLLING_TRANSPORT, PendingPolls.NAME, pendingPolls);
        // Around the polling transport, which answers a POST before it reads its packets: the answer waits for them,
        // or what the client sends next, on another connection, may be read first (a binary packet's attachment
        // before its header, in another POST or over the WebSocket it upgrades to).
        pipeline.addBefore(XHR_POLLING_TRANSPORT, PostAnsweredAfterRead.NAME, PostAnsweredAfterRead.INSTANCE);
    }
}
