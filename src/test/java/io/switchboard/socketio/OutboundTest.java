package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundTest {

    private static final Instant AT = Instant.parse("2026-11-25T15:12:59.074Z");

    @Test
    void messagesGoOutAsMessageEventsWithTheMessageItself() {
        HubEvent event = new HubEvent("1-0", "message", Json.createObjectBuilder().add("id", "1-0").add("content", "Hi")
                .build(), AT, "rest", "r1", Audience.CHANNEL);

        Outbound outbound = Outbound.of(event);

        assertEquals("message", outbound.name());
        assertEquals("r1", outbound.room());
        assertEquals("{\"id\":\"1-0\",\"content\":\"Hi\"}", outbound.payload().toString());
    }

    @Test
    void joinsAndLeavesGoOutAsPresenceEventsWithTheirData() {
        HubEvent event = new HubEvent("3-0", "presence", Json.createObjectBuilder().add("action", "join").build(), AT,
                "presence", "ops", Audience.CHANNEL);

        Outbound outbound = Outbound.of(event);

        assertEquals("presence", outbound.name());
        assertEquals("ops", outbound.room());
        assertEquals("{\"action\":\"join\"}", outbound.payload().toString());
    }

    @Test
    void otherEventsGoOutAsEnvelopes() {
        HubEvent event = new HubEvent("2-0", "deploy", Json.createObjectBuilder().add("v", 3).build(), AT, "rest",
                "sse", Audience.CHANNEL);

        Outbound outbound = Outbound.of(event);

        assertEquals("event", outbound.name());
        assertEquals("sse", outbound.room());
        assertEquals("deploy", outbound.payload().get("event_type").asText());
        assertEquals(3, outbound.payload().get("data").get("v").asInt());
        assertEquals("2026-11-25T15:12:59.074Z", outbound.payload().get("timestamp").asText());
    }

    @Test
    void theWireFormIsThePayloadWrittenVerbatimByNettySocketIosJson() throws Exception {
        HubEvent event = new HubEvent("4-0", "message", Json.createObjectBuilder().add("id", "4-0")
                .add("content", "h\u00e9 \"q\" \u2603").add("n", 1.5).build(), AT, "rest", null, Audience.EVERYONE);
        Outbound outbound = Outbound.of(event);
        ByteBuf buffer = Unpooled.buffer();

        new JacksonJsonSupport().writeValue(new ByteBufOutputStream(buffer), List.of(outbound.name(), outbound.wire()));

        String written = buffer.toString(StandardCharsets.UTF_8);
        assertEquals("[\"message\"," + event.data().toString() + "]", written);
        assertEquals("h\u00e9 \"q\" \u2603", new ObjectMapper().readTree(written).get(1).get("content").asText());
    }

    @Test
    void aMessageSentAsBinaryGoesOutWithItsBytesAsAnAttachment() throws Exception {
        HubEvent event = new HubEvent("5-0", "message", Json.createObjectBuilder().add("id", "5-0").add("type", "image")
                .add("content", "data:image/png;base64,AAH/").add("media_type", "image/png").build(), AT, "socketio",
                null, Audience.EVERYONE);
        JacksonJsonSupport json = new JacksonJsonSupport();
        ByteBuf buffer = Unpooled.buffer();

        json.writeValue(new ByteBufOutputStream(buffer), List.of("message", Outbound.of(event).wire()));

        assertEquals("[\"message\",{\"id\":\"5-0\",\"type\":\"image\",\"content\":{\"_placeholder\":true,\"num\":0},"
                + "\"media_type\":\"image/png\"}]", buffer.toString(StandardCharsets.UTF_8));
        assertEquals(1, json.getArrays().size());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {0, 1, (byte) 255}, json.getArrays().get(0));
    }

    @Test
    void aDataUrlSentAsTextStaysText() {
        HubEvent event = new HubEvent("6-0", "message", Json.createObjectBuilder().add("id", "6-0").add("type", "image")
                .add("content", "data:image/png;base64,AAH/").build(), AT, "rest", null, Audience.EVERYONE);

        assertNull(Outbound.of(event).binary());
    }

    @Test
    void everyoneMeansNoRoom() {
        HubEvent event = new HubEvent("3-0", "message", Json.createObjectBuilder().build(), AT, "rest", null,
                Audience.EVERYONE);
        assertNull(Outbound.of(event).room());
    }

    @Test
    void originsAreAListOrAnyone() {
        assertEquals(List.of(), SocketIoSettings.parseOrigins("*"));
        assertEquals(List.of(), SocketIoSettings.parseOrigins(" "));
        assertEquals(List.of("https://a.example", "http://b:8080"),
                SocketIoSettings.parseOrigins("https://a.example, http://b:8080,"));
        OriginPolicy policy = new OriginPolicy(List.of("https://a.example"));
        assertTrue(policy.allows("https://a.example"));
        assertTrue(policy.allows(null));
        assertTrue(!policy.allows("https://evil.example"));
        assertTrue(new OriginPolicy(List.of()).allows("https://evil.example"));
    }
}
