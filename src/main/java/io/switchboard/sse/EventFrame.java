package io.switchboard.sse;

import io.switchboard.message.HubEvent;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * One hub event, rendered at most once per format and then shared by every client and by replays:
 * the JSON is serialized once, not once per client.
 */
final class EventFrame implements SseFrame {

    private final HubEvent event;
    private OutboundSseEvent envelope;
    private OutboundSseEvent named;

    EventFrame(HubEvent event) {
        this.event = event;
    }

    HubEvent event() {
        return event;
    }

    @Override
    public synchronized OutboundSseEvent render(SseFormat format, Sse sse) {
        if (format == SseFormat.ENVELOPE) {
            if (envelope == null) {
                envelope = build(sse, null, event.toEnvelope().toString());
            }
            return envelope;
        }
        if (named == null) {
            named = build(sse, event.eventType(), event.data().toString());
        }
        return named;
    }

    private OutboundSseEvent build(Sse sse, String name, String json) {
        // Data goes out as pre-serialized text, so no per-client JSON writer runs.
        return sse.newEventBuilder()
                .id(event.id())
                .name(name)
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, json)
                .build();
    }
}
