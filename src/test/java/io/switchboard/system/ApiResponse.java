package io.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;

/**
 * A REST response read fully as text.
 *
 * @param request     e.g. {@code "POST api/message"}, for failure messages
 * @param status      the HTTP status
 * @param contentType the Content-Type header, or {@code null}
 * @param body        the body, possibly empty
 */
record ApiResponse(String request, int status, String contentType, String body) {

    boolean isJson() {
        if (contentType == null) {
            return false;
        }
        MediaType type = MediaType.valueOf(contentType);
        return "application".equalsIgnoreCase(type.getType()) && "json".equalsIgnoreCase(type.getSubtype());
    }

    /** Asserts the status and a JSON object body, and returns the body. */
    JsonObject expectJson(int expectedStatus) {
        assertEquals(expectedStatus, status, () -> describe("status"));
        assertTrue(isJson(), () -> describe("Content-Type application/json"));
        return JsonSupport.parseObject(body);
    }

    /**
     * Asserts a JSON error: the status, {@code application/json}, {@code error} = {@code code}, a string
     * {@code detail}, and {@code field} = {@code field} when {@code field} is not {@code null}.
     */
    JsonObject expectError(int expectedStatus, String code, String field) {
        JsonObject error = expectJson(expectedStatus);
        assertEquals(code, stringOrNull(error, "error"), () -> describe("error code"));
        assertTrue(error.get("detail") instanceof JsonString, () -> describe("a string detail"));
        assertFalse(body.contains("\tat ") || body.contains("Exception:"), () -> describe("no stack trace"));
        if (field != null) {
            assertEquals(field, stringOrNull(error, "field"), () -> describe("field"));
        }
        return error;
    }

    private static String stringOrNull(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value instanceof JsonString text ? text.getString() : null;
    }

    String describe(String expectation) {
        return request + ": expected " + expectation + "; got HTTP " + status + " (" + contentType + "): "
                + SystemTestSupport.abbreviate(body, 500);
    }
}
