package io.switchboard.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;
import io.switchboard.message.InvalidInputException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void anEventFrameIsTheEnvelopeWithKindEvent() {
        HubEvent event = new HubEvent("1-0", "message", Json.createObjectBuilder().add("content", "hi").build(),
                Instant.parse("2026-01-01T00:00:00Z"), "rest", "room-1", Audience.CHANNEL);
        JsonObject frame = parse(Frames.event(event));
        JsonObject expected = Json.createObjectBuilder(event.toEnvelope()).add("kind", "event").build();
        assertEquals(expected, frame);
    }

    @Test
    void okAcksEchoTheRefAndCarryTheResult() {
        JsonObject ack = parse(Frames.ok(Json.createValue(5), Json.createObjectBuilder().add("id", "9-1").build()));
        assertEquals(Json.createObjectBuilder().add("kind", "ack").add("ref", 5).add("ok", true).add("id", "9-1")
                .build(), ack);
    }

    @Test
    void errorAcksHaveTheRestErrorShapeAndNoRefWhenThereIsNone() {
        JsonObject ack = parse(Frames.error(null, InvalidInputException.missing("room")));
        assertEquals(Json.createObjectBuilder().add("kind", "ack").add("ok", false)
                .add("error", Json.createObjectBuilder().add("error", "missing_field")
                        .add("detail", "'room' is required").add("field", "room"))
                .build(), ack);
    }

    private static JsonObject parse(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
