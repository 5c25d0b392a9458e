package io.switchboard.sse;

import io.switchboard.message.JsonP;
import java.time.Instant;

/** Something queued for an SSE client: an event, a heartbeat, a greeting. */
interface SseFrame {

    /** The frame's bytes on a stream of {@code format}. */
    byte[] bytes(SseFormat format);

    static SseFrame comment(String text) {
        byte[] bytes = SseWire.comment(text);
        return format -> bytes;
    }

    /**
     * A comment plus the {@code retry:} advice, with empty data: the event's blank line ends the {@code retry:} field
     * (as JAX-RS's writer framed it), and with no {@code data:} line browsers dispatch nothing for it.
     */
    static SseFrame greeting(String text, long retryMillis) {
        byte[] bytes = SseWire.frame(text, null, null, retryMillis, "");
        return format -> bytes;
    }

    /**
     * The last frame before the server closes the stream: a comment, {@code retry:}, and an event of type
     * {@code shutdown} in the client's format (an envelope for {@code /api/events}, a named event for
     * {@code /stream}). It has no id, so a reconnecting client still sends the id of the last real event.
     */
    static SseFrame shutdown(long retryMillis) {
        return format -> {
            var data = JsonP.createObjectBuilder().add("reason", "server shutting down")
                    .add("retry_ms", retryMillis).build();
            String json = format == SseFormat.ENVELOPE
                    ? JsonP.createObjectBuilder().add("event_type", "shutdown").add("data", data)
                            .add("timestamp", Instant.now().toString()).add("source", "server").build().toString()
                    : data.toString();
            return SseWire.frame("server shutting down; reconnect in " + retryMillis + " ms",
                    format == SseFormat.ENVELOPE ? null : "shutdown", null, retryMillis, json);
        };
    }

    /**
     * The last frame of a stream whose token expired: an event of type {@code error} with data
     * {@code {"error":"token_expired"}} in the client's format (a named event for {@code /stream}, an envelope for
     * {@code /api/events}, as the shutdown frame), after which the stream ends. No id, as the shutdown frame.
     */
    static SseFrame tokenExpired(String reason) {
        SseFrame frame = format -> {
            var data = JsonP.createObjectBuilder().add("error", reason).build();
            String json = format == SseFormat.ENVELOPE
                    ? JsonP.createObjectBuilder().add("event_type", "error").add("data", data)
                            .add("timestamp", Instant.now().toString()).add("source", "server").build().toString()
                    : data.toString();
            return SseWire.frame(null, format == SseFormat.ENVELOPE ? null : "error", null, 0, json);
        };
        return new LastFrame(frame, reason);
    }

    /** A frame after which the server ends the stream, for {@code reason}. */
    record LastFrame(SseFrame frame, String reason) implements SseFrame {

        @Override
        public byte[] bytes(SseFormat format) {
            return frame.bytes(format);
        }
    }
}
