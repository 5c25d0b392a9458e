package io.switchboard.websocket;

import io.switchboard.message.InvalidInputException;
import io.switchboard.message.JsonDepth;
import io.switchboard.message.MessageValidator;
import io.switchboard.message.JsonP;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * Turns a client's text frame into a {@link ClientRequest}, or refuses it with the same error codes as the REST API
 * (plus {@code unknown_action}). The ref is read before anything else can fail, so even a frame with a bad action
 * gets an ack the client can correlate.
 */
final class FrameReader {

    /** Longest ref echoed back; a ref is a correlation token, not a payload. */
    static final int MAX_REF_LENGTH = 128;

    private final int maxBytes;
    private final int maxDepth;

    FrameReader(int maxBytes) {
        this(maxBytes, MessageValidator.DEFAULT_MAX_DEPTH);
    }

    FrameReader(int maxBytes, int maxDepth) {
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
    }

    ClientRequest read(String text) {
        checkSize(text);
        try {
            JsonDepth.check(text, maxDepth);
        } catch (InvalidInputException e) {
            throw new RejectedFrame(null, e);
        }
        JsonObject frame = parseObject(text);
        JsonValue ref = ref(frame);
        try {
            return new ClientRequest(action(frame), ref, frame);
        } catch (InvalidInputException e) {
            throw new RejectedFrame(ref, e);
        }
    }

    private void checkSize(String text) {
        // A UTF-8 byte count only when the character count alone cannot decide (at most 3 bytes per UTF-16 unit).
        if (text.length() > maxBytes
                || (text.length() * 3L > maxBytes && text.getBytes(StandardCharsets.UTF_8).length > maxBytes)) {
            throw new RejectedFrame(null, new InvalidInputException(InvalidInputException.PAYLOAD_TOO_LARGE,
                    "payload_too_large", null, "the frame exceeds the limit of " + maxBytes + " bytes"));
        }
    }

    private static JsonObject parseObject(String text) {
        JsonValue parsed;
        try (JsonReader reader = JsonP.createReader(new StringReader(text))) {
            parsed = reader.readValue();
        } catch (JsonException e) {
            throw new RejectedFrame(null, new InvalidInputException(InvalidInputException.BAD_REQUEST,
                    "malformed_json", null, "the frame is not valid JSON: " + e.getMessage()));
        }
        if (parsed.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new RejectedFrame(null, new InvalidInputException(InvalidInputException.BAD_REQUEST,
                    "invalid_body", null, "a JSON object is expected, not " + parsed.getValueType()));
        }
        return parsed.asJsonObject();
    }

    /** A string or a number, echoed as given; anything else is refused (and not echoed). */
    private static JsonValue ref(JsonObject frame) {
        JsonValue ref = frame.get("ref");
        if (ref == null || ref.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        boolean scalar = ref.getValueType() == JsonValue.ValueType.NUMBER
                || (ref instanceof JsonString text && text.getString().length() <= MAX_REF_LENGTH);
        if (!scalar) {
            throw new RejectedFrame(null, InvalidInputException.invalid("ref",
                    "'ref' must be a number or a string of at most " + MAX_REF_LENGTH + " characters"));
        }
        return ref;
    }

    private static Action action(JsonObject frame) {
        JsonValue value = frame.get("action");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            throw InvalidInputException.missing("action");
        }
        if (!(value instanceof JsonString text)) {
            throw InvalidInputException.invalid("action", "'action' must be a string, not " + value.getValueType());
        }
        return Action.fromWire(text.getString()).orElseThrow(() -> new InvalidInputException(
                InvalidInputException.BAD_REQUEST, "unknown_action", "action",
                "'action' must be one of message, broadcast, join, leave, history, refresh; got '"
                        + text.getString() + "'"));
    }
}
