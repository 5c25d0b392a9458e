package io.switchboard.sse;

import io.switchboard.message.HubEvent;

/**
 * One hub event, rendered to bytes once per format and then shared by every client and by replays: the JSON is
 * serialized and framed once, not once per client.
 */
final class EventFrame implements SseFrame {

    private final HubEvent event;
    // Racy but idempotent: two writers rendering the same format at once make equal bytes, and either may win.
    private volatile byte[] envelope;
    private volatile byte[] named;

    EventFrame(HubEvent event) {
        this.event = event;
    }

    HubEvent event() {
        return event;
    }

    @Override
    public byte[] bytes(SseFormat format) {
        if (format == SseFormat.ENVELOPE) {
            byte[] bytes = envelope;
            if (bytes == null) {
                bytes = SseWire.frame(null, null, event.id(), 0, event.toEnvelope().toString());
                envelope = bytes;
            }
            return bytes;
        }
        byte[] bytes = named;
        if (bytes == null) {
            bytes = SseWire.frame(null, event.eventType(), event.id(), 0, event.data().toString());
            named = bytes;
        }
        return bytes;
    }
}
