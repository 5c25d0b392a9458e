package io.switchboard.socketio;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.TransportState;
import io.netty.channel.Channel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The channel a Socket.IO session's WebSocket is on. netty-socketio 2.0 keeps each session's channels private in
 * {@code ClientHead.channels} and offers no getter, so a broadcast cannot learn which event loop a client is served by
 * and hand each loop its clients at once ({@link LoopBroadcast}); this reads that field, in this one place. If a
 * version of the library lays its fields out otherwise, there is no channel to be had, and every broadcast takes the
 * library's own way, as before.
 */
final class ClientChannels {

    private static final Logger LOG = Logger.getLogger(ClientChannels.class.getName());
    private static final VarHandle CHANNELS = channelsField();

    private ClientChannels() {
    }

    /** The session's WebSocket channel once WebSocket is its transport; otherwise (polling, unknown) {@code null}. */
    static Channel webSocket(ClientHead head) {
        if (CHANNELS == null || head.getCurrentTransport() != Transport.WEBSOCKET) {
            return null;
        }
        Object channels = CHANNELS.get(head);
        if (channels instanceof Map<?, ?> byTransport
                && byTransport.get(Transport.WEBSOCKET) instanceof TransportState state) {
            return state.getChannel();
        }
        return null;
    }

    private static VarHandle channelsField() {
        try {
            return MethodHandles.privateLookupIn(ClientHead.class, MethodHandles.lookup())
                    .findVarHandle(ClientHead.class, "channels", Map.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.INFO, "netty-socketio's session channels cannot be read ({0}): broadcasts take its own way",
                    e.toString());
            return null;
        }
    }
}
