package io.switchboard.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;
import io.switchboard.message.JsonP;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The frames are the bytes the streams carried when JAX-RS's SSE writer framed them: the expected strings are what
 * {@code curl -N} read from {@code /stream} and {@code /api/events} on main before the hub wrote the streams itself.
 */
class SseWireTest {

    @Test
    void greetingIsACommentAndRetryEndedByAnEmptyEvent() {
        assertEquals(": connected\nretry: 3000\n\n\n", text(SseFrame.greeting("connected", 3000), SseFormat.NAMED));
    }

    @Test
    void heartbeatIsOneCommentLine() {
        assertEquals(": heartbeat\n\n", text(SseFrame.comment("heartbeat"), SseFormat.ENVELOPE));
    }

    @Test
    void streamEventsAreNamedByTheirTypeAndCarryTheirData() {
        HubEvent event = new HubEvent("1796410061863-0", "message",
                JsonP.createObjectBuilder().add("a", "x\ny").build(), Instant.parse("2026-12-04T18:47:41.863577610Z"),
                "rest", "sse", Audience.CHANNEL);
        assertEquals("event: message\nid: 1796410061863-0\ndata: {\"a\":\"x\\ny\"}\n\n",
                text(new EventFrame(event), SseFormat.NAMED));
        assertEquals("id: 1796410061863-0\ndata: {\"id\":\"1796410061863-0\",\"event_type\":\"message\","
                        + "\"data\":{\"a\":\"x\\ny\"},\"timestamp\":\"2026-12-04T18:47:41.863577610Z\",\"source\":\"rest\","
                        + "\"channel\":\"sse\"}\n\n",
                text(new EventFrame(event), SseFormat.ENVELOPE));
    }

    @Test
    void shutdownIsACommentRetryAndANamedEventWithoutId() {
        assertEquals(": server shutting down; reconnect in 3000 ms\nevent: shutdown\nretry: 3000\n"
                        + "data: {\"reason\":\"server shutting down\",\"retry_ms\":3000}\n\n",
                text(SseFrame.shutdown(3000), SseFormat.NAMED));
    }

    @Test
    void tokenExpiryIsAnErrorEvent() {
        assertEquals("event: error\ndata: {\"error\":\"token_expired\"}\n\n",
                text(SseFrame.tokenExpired("token_expired"), SseFormat.NAMED));
    }

    @Test
    void everyLineOfMultiLineDataGetsItsOwnPrefix() {
        assertEquals("data: a\ndata: b\ndata: \ndata: c\n\n",
                new String(SseWire.frame(null, null, null, 0, "a\nb\r\n\rc"), StandardCharsets.UTF_8));
    }

    private static String text(SseFrame frame, SseFormat format) {
        return new String(frame.bytes(format), StandardCharsets.UTF_8);
    }
}
