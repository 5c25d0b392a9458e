package io.switchboard.socketio;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * netty-socketio's pipeline with Switchboard's handlers around it: the {@link EngineIoGate},
 * {@link UnknownSessionResponse} and {@link UpgradeGuard} for the Engine.IO v4 rules it does not enforce, the {@link BinaryAttachmentGuard} (told by
 * {@link WebSocketFrameKind} which WebSocket messages are binary)
 * and {@link SocketIoPacketRules} (malformed packets, namespaces) in front of its packet decoder, and
 * {@link PendingPolls} watching the long-polls it may leave hanging, and {@link PollingConnectionClose} saying that
 * the connection closes after each response, as netty-socketio closes it.
 */
final class GuardedChannelInitializer extends SocketIOChannelInitializer {

    private static final EngineIoGate GATE = new EngineIoGate(SocketIoSettings.PATH + "/");
    private static final UnknownSessionResponse UNKNOWN_SESSION = new UnknownSessionResponse();

    private final BinaryAttachmentGuard guard;
    private final PendingPolls pendingPolls;
    private final UpgradeGuard upgradeGuard;
    private final SocketIoPacketRules packetRules;

    GuardedChannelInitializer(BinaryAttachmentGuard guard, PendingPolls pendingPolls, UpgradeGuard upgradeGuard,
                              SocketIoPacketRules packetRules) {
        this.guard = guard;
        this.pendingPolls = pendingPolls;
        this.upgradeGuard = upgradeGuard;
        this.packetRules = packetRules;
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
        // netty-socketio puts the response encoder after the aggregator, so the aggregator's own answer to a body
        // over max-payload (413) went out unencoded: Netty dropped it and the client saw the connection close.
        pipeline.remove(HTTP_ENCODER);
        pipeline.addBefore(HTTP_AGGREGATOR, HTTP_ENCODER, new HttpResponseEncoder());
        pipeline.addBefore(PACKET_HANDLER, EngineIoGate.NAME, GATE);
        // Outbound, so after the HTTP encoder in pipeline order: it sees responses before they are encoded.
        pipeline.addAfter(HTTP_ENCODER, UnknownSessionResponse.NAME, UNKNOWN_SESSION);
        pipeline.addAfter(HTTP_ENCODER, PollingConnectionClose.NAME, PollingConnectionClose.INSTANCE);
        pipeline.addBefore(PACKET_HANDLER, UpgradeGuard.NAME, upgradeGuard);
        pipeline.addBefore(PACKET_HANDLER, BinaryAttachmentGuard.NAME, guard);
        pipeline.addBefore(WEB_SOCKET_TRANSPORT, WebSocketFrameKind.NAME, WebSocketFrameKind.INSTANCE);
        pipeline.addBefore(PACKET_HANDLER, BareConnectCompletion.NAME, BareConnectCompletion.INSTANCE);
        // Last before the decoder: it sees each packet as netty-socketio will (binary ones taken out, CONNECTs completed).
        pipeline.addBefore(PACKET_HANDLER, SocketIoPacketRules.NAME, packetRules);
        pipeline.addBefore(XHR_POLLING_TRANSPORT, PendingPolls.NAME, pendingPolls);
    }
}
