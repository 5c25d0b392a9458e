package io.switchboard.rest;

import io.switchboard.message.InvalidInputException;
import io.switchboard.message.MessageValidator;
import io.switchboard.message.JsonP;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a request body as one JSON object, refusing oversize and malformed bodies with the right error. */
final class JsonBody {

    private JsonBody() {
    }

    /** Within the validator's size and nesting limits. */
    static JsonObject read(InputStream body, MessageValidator limits) {
        return read(body, limits.maxMessageBytes(), limits);
    }

    static JsonObject read(InputStream body, int maxBytes) {
        return read(body, maxBytes, null);
    }

    private static JsonObject read(InputStream body, int maxBytes, MessageValidator limits) {
        byte[] bytes = readAtMost(body, maxBytes);
        if (bytes.length == 0) {
            throw new InvalidInputException(InvalidInputException.BAD_REQUEST, "invalid_body", null,
                    "the request body is empty; a JSON object is expected");
        }
        if (limits != null) {
            limits.checkDepth(new String(bytes, StandardCharsets.UTF_8));
        }
        JsonValue parsed;
        try (JsonReader reader = JsonP.createReader(new ByteArrayInputStream(bytes))) {
            parsed = reader.readValue();
        } catch (JsonParsingException e) {
            throw new InvalidInputException(InvalidInputException.BAD_REQUEST, "malformed_json", null,
                    "the body is not valid JSON: " + e.getMessage());
        } catch (JsonException e) {
            throw new InvalidInputException(InvalidInputException.BAD_REQUEST, "malformed_json", null,
                    "the body is not valid JSON");
        }
        if (!(parsed instanceof JsonObject object)) {
            throw new InvalidInputException(InvalidInputException.BAD_REQUEST, "invalid_body", null,
                    "a JSON object is expected, not " + parsed.getValueType());
        }
        return object;
    }

    private static byte[] readAtMost(InputStream body, int maxBytes) {
        try (body) {
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new InvalidInputException(InvalidInputException.PAYLOAD_TOO_LARGE, "payload_too_large", null,
                        "the body exceeds the limit of " + maxBytes + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new InvalidInputException(InvalidInputException.BAD_REQUEST, "invalid_body", null,
                    "the body could not be read: " + e.getMessage());
        }
    }
}
