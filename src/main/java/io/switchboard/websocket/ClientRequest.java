package io.switchboard.websocket;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * One well-formed client frame.
 *
 * @param action what it asks for
 * @param ref    the client's correlation value, echoed in the ack; {@code null} when it sent none
 * @param body   the whole frame, from which the action reads its fields
 */
record ClientRequest(Action action, JsonValue ref, JsonObject body) {
}
