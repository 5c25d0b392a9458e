package io.switchboard.socketio;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Takes binary Socket.IO packets out of one client's Engine.IO traffic before netty-socketio 2.0.14 parses them:
 * it mis-decodes attachments (upstream issues #940, #997), corrupting data or dropping the connection. Each binary
 * header is reported as refused, and the attachments that follow it are dropped, whether they come as WebSocket
 * frames or as {@code b<base64>} packets of a polling body, in the same request or in later ones.
 * One instance per session; not thread-safe, but a session's input is read in order.
 */
final class BinaryPacketFilter {

    static final char SEPARATOR = '\u001e';

    private int pendingAttachments;

    boolean isIdle() {
        return pendingAttachments == 0;
    }

    /**
     * One WebSocket message, of which {@code head} is the start. Only a binary one can be an attachment; a text one
     * between a header and its attachments is an Engine.IO packet of its own (a pong, the upgrade's {@code 5} when
     * the header came by polling) and is judged as such.
     *
     * @return whether to pass the message on
     */
    boolean acceptFrame(CharSequence head, boolean binary, Consumer<BinaryHeader> refused) {
        if (binary) {
            if (pendingAttachments > 0) {
                pendingAttachments--;
                return false;
            }
            return true;
        }
        BinaryHeader header = BinaryHeader.parse(head);
        if (header == null) {
            return true;
        }
        pendingAttachments = header.attachments();
        refused.accept(header);
        return false;
    }

    /**
     * One polling request body: Engine.IO packets separated by {@link #SEPARATOR}.
     *
     * @return the body without binary packets and their attachments; empty when nothing is left
     */
    String filterPayload(String body, Consumer<BinaryHeader> refused) {
        List<String> kept = new ArrayList<>();
        for (String packet : body.split(String.valueOf(SEPARATOR), -1)) {
            if (pendingAttachments > 0 && packet.startsWith("b")) {
                pendingAttachments--;
                continue;
            }
            // A text packet where an attachment should be: the client gave up on the rest, and so do we.
            pendingAttachments = 0;
            BinaryHeader header = BinaryHeader.parse(packet);
            if (header != null) {
                pendingAttachments = header.attachments();
                refused.accept(header);
            } else if (!packet.isEmpty()) {
                kept.add(packet);
            }
        }
        return String.join(String.valueOf(SEPARATOR), kept);
    }

    /** Whether a polling body needs {@link #filterPayload} at all: cheap, so clean traffic is passed on untouched. */
    static boolean mayNeedFiltering(CharSequence body) {
        if (body.length() > 0 && body.charAt(0) == 'b') {
            return true;
        }
        for (int i = 0; i + 1 < body.length(); i++) {
            boolean packetStart = i == 0 || body.charAt(i - 1) == SEPARATOR;
            if (packetStart && body.charAt(i) == '4' && (body.charAt(i + 1) == '5' || body.charAt(i + 1) == '6')) {
                return true;
            }
        }
        return false;
    }
}
