package io.switchboard.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageValidatorTest {

    private static final String PNG = "data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});

    private final MessageValidator validator = new MessageValidator(1000);

    private static JsonObject json(String text) {
        return Json.createReader(new java.io.StringReader(text.replace('\'', '"'))).readObject();
    }

    private InvalidInputException refused(String body) {
        return assertThrows(InvalidInputException.class, () -> validator.message(json(body)));
    }

    @Test
    void acceptsTextMessageWithRoom() {
        ChatMessage message = validator.message(json("{'type':'text','content':'Hello','sender':'test','room':'r-1'}"));
        assertEquals(MessageType.TEXT, message.type());
        assertEquals("Hello", message.content());
        assertEquals("test", message.sender());
        assertEquals("r-1", message.room());
        assertNull(message.id());
    }

    @Test
    void acceptsMediaAsDataUrlOrWebUrl() {
        assertEquals(MessageType.IMAGE, validator.message(json("{'type':'image','content':'" + PNG + "','sender':'a'}")).type());
        assertEquals(MessageType.AUDIO,
                validator.message(json("{'type':'audio','content':'data:audio/ogg;base64,T2dnUw==','sender':'a'}")).type());
        assertEquals(MessageType.IMAGE,
                validator.message(json("{'type':'image','content':'https://example.org/cat.png','sender':'a'}")).type());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'content':'x','sender':'a'}                                      | missing_field | type",
        "{'type':'text','sender':'a'}                                      | missing_field | content",
        "{'type':'text','content':'x'}                                     | missing_field | sender",
        "{'type':'text','content':null,'sender':'a'}                       | missing_field | content",
        "{'type':'video','content':'x','sender':'a'}                       | unknown_type  | type",
        "{'type':7,'content':'x','sender':'a'}                             | invalid_field | type",
        "{'type':'text','content':5,'sender':'a'}                          | invalid_field | content",
        "{'type':'text','content':'','sender':'a'}                         | invalid_field | content",
        "{'type':'text','content':'x','sender':'  '}                       | invalid_field | sender",
        "{'type':'text','content':'x','sender':'a','room':'a b'}           | invalid_field | room",
        "{'type':'text','content':'x','sender':'a','room':5}               | invalid_field | room",
        "{'type':'image','content':'data:audio/ogg;base64,T2dnUw==','sender':'a'}  | invalid_field | content",
        "{'type':'audio','content':'data:audio/ogg;base64,@@@','sender':'a'}       | invalid_field | content",
        "{'type':'audio','content':'data:audio/ogg,plain','sender':'a'}            | invalid_field | content",
        "{'type':'image','content':'ftp://example.org/x.png','sender':'a'}         | invalid_field | content",
        "{'type':'image','content':'just text','sender':'a'}                       | invalid_field | content",
    })
    void refusesBadMessagesNamingTheField(String body, String error, String field) {
        InvalidInputException e = refused(body);
        assertEquals(400, e.status());
        assertEquals(error, e.error());
        assertEquals(field, e.field());
    }

    @Test
    void refusesSenderOverOneHundredCharactersAndControlCharacters() {
        assertEquals("sender", refused("{'type':'text','content':'x','sender':'" + "s".repeat(101) + "'}").field());
        validator.message(json("{'type':'text','content':'x','sender':'" + "s".repeat(100) + "'}"));
        assertEquals("sender", refused("{'type':'text','content':'x','sender':'a\\nb'}").field());
    }

    @Test
    void refusesContentOverTheSizeLimitWith413() {
        InvalidInputException e = refused("{'type':'text','content':'" + "x".repeat(1001) + "','sender':'a'}");
        assertEquals(413, e.status());
        assertEquals("payload_too_large", e.error());
        // Multi-byte characters count by their UTF-8 size, not by characters.
        assertEquals(413, refused("{'type':'text','content':'" + "é".repeat(501) + "','sender':'a'}").status());
    }

    @Test
    void eventDefaultsToChannelSseAndEmptyData() {
        EventDraft draft = validator.event(json("{'event_type':'test'}"));
        assertEquals("sse", draft.channel());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, draft.data());
        EventDraft withAll = validator.event(json("{'event_type':'test','data':[1,2],'channel':'ops'}"));
        assertEquals("ops", withAll.channel());
        assertEquals(JsonValue.ValueType.ARRAY, withAll.data().getValueType());
    }

    @Test
    void refusesEventTypesThatCouldInjectSseFields() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> validator.event(json("{'event_type':'a\\ndata: x'}")));
        assertEquals("event_type", e.field());
        assertEquals("missing_field", assertThrows(InvalidInputException.class,
                () -> validator.event(json("{'data':{}}"))).error());
        assertEquals("channel", assertThrows(InvalidInputException.class,
                () -> validator.event(json("{'event_type':'t','channel':'x\\r\\ny'}"))).field());
    }

    @Test
    void refusesPresenceAsAnEventTypeItIsTheHubsOwn() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> validator.event(json("{'event_type':'presence','channel':'ops'}")));
        assertEquals("event_type", e.field());
        assertEquals(400, e.status());
    }
}
