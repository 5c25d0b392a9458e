package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.auth.Access;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.message.ChatMessage;
import io.switchboard.message.InvalidInputException;
import io.switchboard.message.MessageValidator;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What a Socket.IO client may ask for ({@code message}, {@code join}, {@code leave}), free of netty-socketio so unit
 * tests drive it directly. Each request yields a {@link Reply}; the caller acks it or, for a refusal nobody asked an
 * ack for, emits it as an {@code error} event.
 */
final class ClientRequests {

    /** What goes back to the client: {@code body} is the ack payload; {@code error} the error event, if refused. */
    record Reply(Map<String, Object> body, Map<String, Object> error) {

        static Reply ok(String key, String value) {
            return new Reply(Replies.ok(key, value), null);
        }

        static Reply refused(InvalidInputException problem) {
            return new Reply(Replies.failed(problem), Replies.error(problem));
        }

        boolean isOk() {
            return error == null;
        }
    }

    private final MessageValidator validator;
    private final UnaryOperator<ChatMessage> sender;

    /** @param sender accepts a validated draft into the hub and returns it stamped ({@code MessageBus::send}) */
    ClientRequests(MessageValidator validator, UnaryOperator<ChatMessage> sender) {
        this.validator = validator;
        this.sender = sender;
    }

    Reply message(JsonNode payload) {
        return message(Principal.OPEN, payload);
    }

    /** A message from {@code principal}: needs {@code publish} and its room (or, without one, every channel). */
    Reply message(Principal principal, JsonNode payload) {
        try {
            Access.require(principal, Role.PUBLISH);
            ChatMessage draft = validator.message(Access.asSentBy(object(payload, "message"), principal));
            Access.requireChannel(principal, draft.room());
            return Reply.ok("id", sender.apply(draft).id());
        } catch (InvalidInputException e) {
            return Reply.refused(e);
        }
    }

    /** Validates the room of a join or leave request, and if valid hands it to {@code membership}. */
    Reply room(String request, JsonNode payload, Consumer<String> membership) {
        return room(Principal.OPEN, request, payload, membership);
    }

    /** A join needs {@code subscribe} and the room allowed; leaving is always allowed. */
    Reply room(Principal principal, String request, JsonNode payload, Consumer<String> membership) {
        try {
            String room = roomName(object(payload, request));
            if (request.equals("join")) {
                Access.require(principal, Role.SUBSCRIBE, room);
            }
            membership.accept(room);
            return Reply.ok("room", room);
        } catch (InvalidInputException e) {
            return Reply.refused(e);
        }
    }

    private JsonObject object(JsonNode payload, String what) {
        if (payload != null) {
            validator.checkDepth(payload.toString());
        }
        return JsonBridge.toObject(payload, what);
    }

    private String roomName(JsonObject request) {
        JsonValue value = request.get("room");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            throw InvalidInputException.missing("room");
        }
        if (!(value instanceof JsonString name)) {
            throw InvalidInputException.invalid("room", "'room' must be a string");
        }
        return validator.channel("room", name.getString());
    }
}
