package io.switchboard.socketio;

import io.switchboard.upgrade.BridgeChannel;

import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * What stands in for netty-socketio's HTTP response encoder on a {@link BridgeChannel}, where the application server
 * writes the HTTP answers itself. The HTTP decoder needs no stand-in: a Netty decoder passes on what is not bytes, and
 * the bridge fires decoded requests. WebSocket framing is Netty's own on both entry points: after the upgrade the
 * bridge carries the connection's raw bytes.
 */
final class BridgeCodecs {

    private BridgeCodecs() {
    }

    /**
     * An {@link HttpResponseEncoder} that encodes nothing. It must still be one: Netty's WebSocket handshake finds the
     * response encoder by its class to put the frame encoder beside it, and removes it once the 101 is written.
     */
    static final class ResponsesAsObjects extends HttpResponseEncoder {
        @Override
        public boolean acceptOutboundMessage(Object msg) {
            return false;
        }
    }
}
