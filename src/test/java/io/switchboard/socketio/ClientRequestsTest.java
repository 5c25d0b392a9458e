package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.message.ChatMessage;
import io.switchboard.message.MessageValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientRequestsTest {

    private final List<ChatMessage> sent = new ArrayList<>();
    private final List<String> joined = new ArrayList<>();
    private final ClientRequests requests = new ClientRequests(new MessageValidator(1024),
            draft -> {
                ChatMessage accepted = draft.accepted("1700000000000-" + sent.size(), Instant.now());
                sent.add(accepted);
                return accepted;
            });

    @Test
    void validMessageIsSentAndAckedWithItsId() {
        ClientRequests.Reply reply = requests.message(json("{\"type\":\"text\",\"content\":\"Hi\",\"sender\":\"a\",\"room\":\"r1\"}"));

        assertTrue(reply.isOk());
        assertEquals(Map.of("ok", true, "id", "1700000000000-0"), reply.body());
        assertEquals("r1", sent.get(0).room());
    }

    @Test
    void invalidMessageIsRefusedWithTheValidatorsError() {
        ClientRequests.Reply reply = requests.message(json("{\"type\":\"video\",\"content\":\"x\",\"sender\":\"a\"}"));

        assertFalse(reply.isOk());
        assertEquals(false, reply.body().get("ok"));
        assertEquals("unknown_type", reply.error().get("error"));
        assertEquals("type", reply.error().get("field"));
        assertEquals(reply.error(), reply.body().get("error"));
        assertTrue(sent.isEmpty());
    }

    @Test
    void nonObjectPayloadsAreInvalidBodies() {
        for (JsonNode payload : new JsonNode[] {null, json("\"text\""), json("[1]"), json("42")}) {
            ClientRequests.Reply reply = requests.message(payload);
            assertEquals("invalid_body", reply.error().get("error"), String.valueOf(payload));
            assertNull(reply.error().get("field"));
        }
    }

    @Test
    void joinValidatesTheRoomName() {
        assertEquals(Map.of("ok", true, "room", "ops.alerts"), requests.room("join", json("{\"room\":\"ops.alerts\"}"), joined::add).body());
        assertEquals("invalid_field", requests.room("join", json("{\"room\":\"no spaces\"}"), joined::add).error().get("error"));
        assertEquals("missing_field", requests.room("leave", json("{}"), joined::add).error().get("error"));
        assertEquals("invalid_field", requests.room("join", json("{\"room\":5}"), joined::add).error().get("error"));
        assertEquals(List.of("ops.alerts"), joined);
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
