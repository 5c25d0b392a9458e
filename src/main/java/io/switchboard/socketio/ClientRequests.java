package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.auth.Access;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.history.HistoryPage;
import io.switchboard.message.ChatMessage;
import io.switchboard.message.HistoryRequest;
import io.switchboard.message.InvalidInputException;
import io.switchboard.message.MessageValidator;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What a Socket.IO client may ask for ({@code message}, {@code join}, {@code leave}, {@code history}), free of netty-socketio so unit
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
    private final Function<HistoryRequest, CompletionStage<HistoryPage>> history;

    /**
     * @param sender  accepts a validated draft into the hub and returns it stamped ({@code MessageBus::send})
     * @param history answers a history request, off Netty's thread where it may block
     */
    ClientRequests(MessageValidator validator, UnaryOperator<ChatMessage> sender,
                   Function<HistoryRequest, CompletionStage<HistoryPage>> history) {
        this.validator = validator;
        this.sender = sender;
        this.history = history;
    }

    Reply message(JsonNode payload) {
        return message(Principal.OPEN, payload);
    }

    /** A message from {@code principal}: needs {@code publish} and its room (or, without one, every channel). */
    Reply message(Principal principal, JsonNode payload) {
        return message(principal, payload, List.of());
    }

    /**
     * A message whose content may have come as binary: {@code attachments} are the bytes its placeholders stand for
     * (see {@link BinaryContent}).
     */
    Reply message(Principal principal, JsonNode payload, List<byte[]> attachments) {
        try {
            Access.require(principal, Role.PUBLISH);
            BinaryContent content = BinaryContent.of(object(payload, "message"), attachments);
            ChatMessage draft = validator.message(Access.asSentBy(content.json(), principal));
            if (content.mediaType() != null) {
                draft = draft.sentAsBinary(content.mediaType());
            }
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
            String room = validator.requiredChannel(object(payload, request), "room");
            if (request.equals("join")) {
                Access.require(principal, Role.SUBSCRIBE, room);
            }
            membership.accept(room);
            return Reply.ok("room", room);
        } catch (InvalidInputException e) {
            return Reply.refused(e);
        }
    }

    /** {@code {since, channel?}}: the events after {@code since}, acked as {@code {ok, events, more}}. */
    CompletionStage<Reply> history(JsonNode payload) {
        return history(Principal.OPEN, payload);
    }

    /** History needs {@code subscribe} and the channel allowed (without a channel: every channel). */
    CompletionStage<Reply> history(Principal principal, JsonNode payload) {
        HistoryRequest request;
        try {
            request = validator.history(object(payload, "history"));
            Access.require(principal, Role.SUBSCRIBE, request.channel());
        } catch (InvalidInputException e) {
            return CompletableFuture.completedFuture(Reply.refused(e));
        }
        return history.apply(request).thenApply(page -> new Reply(Replies.page(page), null));
    }

    /**
     * The token of a {@code refresh} payload {@code {token}}; {@code null} when it has none that is a string, which is
     * then refused as a missing token.
     *
     * @throws InvalidInputException {@code invalid_body} when the payload is not a JSON object
     */
    String refreshToken(JsonNode payload) {
        return object(payload, "refresh").get("token") instanceof JsonString token ? token.getString() : null;
    }

    private JsonObject object(JsonNode payload, String what) {
        if (payload != null) {
            validator.checkDepth(payload.toString());
        }
        return JsonBridge.toObject(payload, what);
    }
}
