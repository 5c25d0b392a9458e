package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.history.HistoryPage;
import io.switchboard.message.Audience;
import io.switchboard.message.ChatMessage;
import io.switchboard.message.HistoryRequest;
import io.switchboard.message.HubEvent;
import io.switchboard.message.MessageValidator;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ClientRequestsTest {

    private final List<ChatMessage> sent = new ArrayList<>();
    private final List<String> joined = new ArrayList<>();
    private final List<HistoryRequest> asked = new ArrayList<>();
    private final ClientRequests requests = new ClientRequests(new MessageValidator(1024),
            draft -> {
                ChatMessage accepted = draft.accepted("1700000000000-" + sent.size(), Instant.now());
                sent.add(accepted);
                return accepted;
            },
            request -> {
                asked.add(request);
                HubEvent missed = new HubEvent("1700000000001-0", "test", JsonValue.EMPTY_JSON_OBJECT, Instant.EPOCH,
                        "rest", request.channel(), Audience.CHANNEL);
                return CompletableFuture.completedFuture(new HistoryPage(List.of(missed), true));
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
    void historyIsAnsweredWithTheMissedEnvelopes() {
        ClientRequests.Reply reply = requests.history(json("{\"since\":\"1700000000000-0\",\"channel\":\"ops\"}"))
                .toCompletableFuture().join();

        assertTrue(reply.isOk());
        assertEquals(List.of(new HistoryRequest("1700000000000-0", "ops")), asked);
        JsonNode events = (JsonNode) reply.body().get("events");
        assertEquals(1, events.size());
        assertEquals("1700000000001-0", events.get(0).get("id").asText());
        assertEquals("ops", events.get(0).get("channel").asText());
        assertEquals(true, reply.body().get("more"));
    }

    @Test
    void historyNeedsAnEventIdAndAValidChannel() {
        String[][] cases = {
            {"{}", "missing_field", "since"},
            {"{\"since\":\"yesterday\"}", "invalid_field", "since"},
            {"{\"since\":5}", "invalid_field", "since"},
            {"{\"since\":\"1-0\",\"channel\":\"a b\"}", "invalid_field", "channel"},
        };
        for (String[] bad : cases) {
            ClientRequests.Reply reply = requests.history(json(bad[0])).toCompletableFuture().join();
            assertEquals(bad[1], reply.error().get("error"), bad[0]);
            assertEquals(bad[2], reply.error().get("field"), bad[0]);
        }
        assertTrue(asked.isEmpty());
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
