package io.switchboard.sse;

import io.switchboard.message.JsonP;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Instant;

/** Something queued for an SSE client: an event, a heartbeat, a greeting. */
interface SseFrame {

    OutboundSseEvent render(SseFormat format, Sse sse);

    static SseFrame comment(String text) {
        return (format, sse) -> sse.newEventBuilder().comment(text).build();
    }

    /**
     * A comment plus the {@code retry:} advice. The runtime writes {@code retry:} only for events that carry data,
     * so it carries empty data, which writes no {@code data:} line: browsers dispatch nothing for it.
     */
    static SseFrame greeting(String text, long retryMillis) {
        return (format, sse) -> sse.newEventBuilder()
                .comment(text)
                .reconnectDelay(retryMillis)
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, "")
                .build();
    }

    /**
     * The last frame before the server closes the stream: a comment, {@code retry:}, and an event of type
     * {@code shutdown} in the client's format (an envelope for {@code /api/events}, a named event for
     * {@code /stream}). It has no id, so a reconnecting client still sends the id of the last real event.
     */
    static SseFrame shutdown(long retryMillis) {
        return (format, sse) -> {
            var data = JsonP.createObjectBuilder().add("reason", "server shutting down")
                    .add("retry_ms", retryMillis).build();
            String json = format == SseFormat.ENVELOPE
                    ? JsonP.createObjectBuilder().add("event_type", "shutdown").add("data", data)
                            .add("timestamp", Instant.now().toString()).add("source", "server").build().toString()
                    : data.toString();
            return sse.newEventBuilder()
                    .comment("server shutting down; reconnect in " + retryMillis + " ms")
                    .name(format == SseFormat.ENVELOPE ? null : "shutdown")
                    .reconnectDelay(retryMillis)
                    .mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .data(String.class, json)
                    .build();
        };
    }

    /**
     * The last frame of a stream whose token expired: an event of type {@code error} with data
     * {@code {"error":"token_expired"}} in the client's format (a named event for {@code /stream}, an envelope for
     * {@code /api/events}, as the shutdown frame), after which the stream ends. No id, as the shutdown frame.
     */
    static SseFrame tokenExpired(String reason) {
        SseFrame frame = (format, sse) -> {
            var data = JsonP.createObjectBuilder().add("error", reason).build();
            String json = format == SseFormat.ENVELOPE
                    ? JsonP.createObjectBuilder().add("event_type", "error").add("data", data)
                            .add("timestamp", Instant.now().toString()).add("source", "server").build().toString()
                    : data.toString();
            return sse.newEventBuilder()
                    .name(format == SseFormat.ENVELOPE ? null : "error")
                    .mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .data(String.class, json)
                    .build();
        };
        return new LastFrame(frame, reason);
    }

    /** A frame after which the server ends the stream, for {@code reason}. */
    record LastFrame(SseFrame frame, String reason) implements SseFrame {

        @Override
        public OutboundSseEvent render(SseFormat format, Sse sse) {
            return frame.render(format, sse);
        }
    }
}
