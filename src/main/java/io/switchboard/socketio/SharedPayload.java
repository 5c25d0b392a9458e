package io.switchboard.socketio;

import com.fasterxml.jackson.databind.util.RawValue;
import com.corundumstudio.socketio.protocol.Packet;
import java.util.List;

/**
 * The JSON of one hub event as every recipient gets it, handed to netty-socketio as a Jackson raw value (so a
 * per-client encoding copies the text as it is), which also keeps the event's WebSocket packet once it has been
 * encoded for the first recipient: {@link SharedBroadcastFrames} writes those bytes to every other WebSocket client
 * instead of encoding the same packet again for each.
 */
final class SharedPayload extends RawValue {

    private record Encoded(String namespace, byte[] bytes) {
    }

    // Written by whichever event loop encodes first; another loop that races it encodes the same bytes.
    private volatile Encoded encoded;

    SharedPayload(String json) {
        super(json);
    }

    /** The payload of {@code packet} when it is an event carrying only a shared payload; otherwise {@code null}. */
    static SharedPayload of(Packet packet) {
        // Not every packet's data is a list (an open packet's is its handshake): asked as an Object, not cast.
        Object data = packet.getData();
        return data instanceof List<?> list && list.size() == 1 && list.get(0) instanceof SharedPayload shared
                && packet.getAckId() == null ? shared : null;
    }

    /** The encoded packet for a client of {@code namespace}, if a recipient of that namespace encoded it already. */
    byte[] encoded(String namespace) {
        Encoded kept = encoded;
        return kept != null && kept.namespace().equals(namespace) ? kept.bytes() : null;
    }

    void keep(String namespace, byte[] bytes) {
        if (encoded == null) {
            encoded = new Encoded(namespace, bytes);
        }
    }
}
