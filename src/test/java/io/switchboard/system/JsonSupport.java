package io.switchboard.system;

import java.io.StringReader;
import java.math.BigDecimal;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/** Terse JSON building and parsing for the tests (Jakarta JSON Processing, Parsson). */
final class JsonSupport {

    private JsonSupport() {
    }

    /**
     * Builds an object from alternating keys and values; a {@code null} value leaves its key out. Values may be
     * {@link JsonValue}, {@link String}, {@link Number} or {@link Boolean}.
     */
    static JsonObject obj(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        JsonObjectBuilder builder = Json.createObjectBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            if (value != null) {
                builder.add((String) keysAndValues[i], value(value));
            }
        }
        return builder.build();
    }

    static JsonValue value(Object value) {
        if (value instanceof JsonValue json) {
            return json;
        }
        if (value instanceof String text) {
            return Json.createValue(text);
        }
        if (value instanceof Integer || value instanceof Long) {
            return Json.createValue(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            return Json.createValue(new BigDecimal(number.toString()));
        }
        if (value instanceof Boolean flag) {
            return flag ? JsonValue.TRUE : JsonValue.FALSE;
        }
        throw new IllegalArgumentException("not a JSON value: " + value);
    }

    /** A chat message body; {@code null} arguments are left out. */
    static JsonObject message(String type, Object content, Object sender, Object room) {
        return obj("type", type, "content", content, "sender", sender, "room", room);
    }

    static JsonValue parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    static JsonObject parseObject(String text) {
        JsonValue value = parse(text);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new AssertionError("expected a JSON object but got: " + SystemTestSupport.abbreviate(text, 300));
        }
        return value.asJsonObject();
    }
}
