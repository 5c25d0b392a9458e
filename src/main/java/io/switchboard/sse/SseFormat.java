package io.switchboard.sse;

/** The two ways an event is framed on the wire. */
public enum SseFormat {
    /** {@code /api/events}: no event name, data is the full JSON envelope, so {@code EventSource.onmessage} sees it. */
    ENVELOPE,
    /** {@code /stream}: Flask-SSE style, the event name is the event type and data is the event's data. */
    NAMED
}
