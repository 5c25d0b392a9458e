package io.switchboard.sse;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

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
}
