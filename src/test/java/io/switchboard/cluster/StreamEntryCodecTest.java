package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.message.Audience;
import io.switchboard.message.ChatMessage;
import io.switchboard.message.HubEvent;
import io.switchboard.message.MessageType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamEntryCodecTest {

    private static final Instant AT = Instant.parse("2026-11-25T15:12:59.028Z");

    @Test
    void anEventComesBackUnderItsStreamId() {
        JsonObject data = Json.createObjectBuilder().add("message", "Hello").add("n", 3)
                .add("nested", Json.createArrayBuilder().add(1).addNull()).build();
        HubEvent event = new HubEvent("100-7", "test", data, AT, "rest", "room-1", Audience.CHANNEL);

        StreamEntry back = StreamEntryCodec.decode("1795619579023-0",
                StreamEntryCodec.encode(new StreamEntry(event, "node-a", "100-7")));

        assertEquals(new HubEvent("1795619579023-0", "test", data, AT, "rest", "room-1", Audience.CHANNEL), back.event());
        assertEquals("node-a", back.originNode());
        assertEquals("100-7", back.originLocalId());
    }

    @Test
    void aMessageForEveryoneKeepsNoChannelAndTakesTheStreamIdInItsData() {
        ChatMessage message = ChatMessage.draft(MessageType.TEXT, "Hi", "ops", null).accepted("100-0", AT);
        HubEvent event = new HubEvent("100-0", HubEvent.MESSAGE_TYPE, message.toJson(), AT, "rest", null,
                Audience.EVERYONE);

        HubEvent back = StreamEntryCodec.decode("200-1",
                StreamEntryCodec.encode(new StreamEntry(event, "b", "100-0"))).event();

        assertNull(back.channel());
        assertEquals(Audience.EVERYONE, back.audience());
        assertEquals("200-1", back.id());
        assertEquals(message.accepted("200-1", AT).toJson(), back.data());
    }

    @Test
    void refusesEntriesItDidNotWrite() {
        assertThrows(IllegalArgumentException.class, () -> StreamEntryCodec.decode("1-0", Map.of("foo", "bar")));
        Map<String, String> broken = new HashMap<>(StreamEntryCodec.encode(OutboxTest.entry("1-0")));
        broken.put(StreamEntryCodec.EVENT, "{\"event_type\":\"x\"}");
        assertThrows(IllegalArgumentException.class, () -> StreamEntryCodec.decode("1-0", broken));
        broken.put(StreamEntryCodec.EVENT, "not json");
        assertThrows(IllegalArgumentException.class, () -> StreamEntryCodec.decode("1-0", broken));
    }
}
