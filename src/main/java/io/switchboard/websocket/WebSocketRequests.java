package io.switchboard.websocket;

import io.switchboard.auth.Access;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.AccessDeniedException;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.history.HistoryService;
import io.switchboard.ratelimit.RateLimits;
import io.switchboard.message.ChatMessage;
import io.switchboard.message.HistoryRequest;
import io.switchboard.message.InvalidInputException;
import io.switchboard.message.MessageBus;
import io.switchboard.message.MessageValidator;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.switchboard.message.JsonP;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * Carries out what a client's text frame asks for and returns the ack to send back. Messages go through the same
 * validator and bus as REST; every failure becomes an error ack, never a closed connection.
 */
@ApplicationScoped
public class WebSocketRequests {

    static final String SOURCE = "websocket";

    @Inject
    MessageValidator validator;

    @Inject
    MessageBus bus;

    @Inject
    ConnectionRegistry registry;

    @Inject
    HistoryService history;

    @Inject
    RateLimits limits;

    @Inject
    Authenticator authenticator;

    @Inject
    WebSocketHub hub;

    private FrameReader reader;

    @PostConstruct
    void init() {
        reader = new FrameReader(validator.maxMessageBytes(), validator.maxDepth());
    }

    /** @return the ack frame for {@code text} */
    String handle(WebSocketClient client, String text) {
        ClientRequest request;
        try {
            request = reader.read(text);
        } catch (RejectedFrame e) {
            return Frames.error(e.ref(), e.problem());
        }
        try {
            limits.take(client.bucket());
            return Frames.ok(request.ref(), perform(client, request));
        } catch (InvalidInputException e) {
            return Frames.error(request.ref(), e);
        }
    }

    private JsonObject perform(WebSocketClient client, ClientRequest request) {
        Principal principal = client.principal();
        return switch (request.action()) {
            case MESSAGE -> accepted(bus.send(draft(principal, request.body(), false), SOURCE));
            case BROADCAST -> accepted(bus.broadcast(draft(principal, request.body(), true), SOURCE));
            case JOIN -> join(client, joinable(principal, validator.requiredChannel(request.body(), "room")));
            case LEAVE -> leave(client, validator.requiredChannel(request.body(), "room"));
            case HISTORY -> history(principal, request.body());
            case REFRESH -> refresh(client, request.body());
        };
    }

    /**
     * {@code {"action":"refresh","token":...}}: a fresh token of the connection's subject moves its expiry and
     * replaces its roles and channels; rooms it no longer allows are left. Refused as a bad token is anywhere (401
     * {@code unauthorized}), and then nothing changes.
     */
    private JsonObject refresh(WebSocketClient client, JsonObject body) {
        String token = body.get("token") instanceof JsonString text ? text.getString() : null;
        Principal fresh = authenticator.refreshed(client.principal(), token);
        if (!hub.renew(client, fresh)) {
            throw AccessDeniedException.unauthorized("this connection's token has expired; reconnect with a fresh one");
        }
        client.principal(fresh);
        for (String room : Access.roomsDenied(fresh, client.rooms().list())) {
            client.rooms().leave(room);
            registry.left(client.id(), room);
        }
        return refreshed(fresh, client.rooms().list());
    }

    /**
     * {@code exp} in the token's own unit, seconds since the epoch ({@code null} on an open hub, where nothing
     * expires), and the rooms the connection is still in.
     */
    private static JsonObject refreshed(Principal fresh, java.util.List<String> rooms) {
        var ack = JsonP.createObjectBuilder();
        if (fresh.expiresAt() == null) {
            ack.addNull("exp");
        } else {
            ack.add("exp", fresh.expiresAt().getEpochSecond());
        }
        return ack.add("rooms", JsonP.createArrayBuilder(rooms)).build();
    }

    /** The message as sent by the token's subject, if it may publish to its room (or to everyone). */
    private ChatMessage draft(Principal principal, JsonObject body, boolean toEveryone) {
        Access.require(principal, Role.PUBLISH);
        ChatMessage draft = validator.message(Access.asSentBy(body, principal));
        Access.requireChannel(principal, toEveryone ? null : draft.room());
        return draft;
    }

    /** What the client missed: needs {@code subscribe} and the channel allowed (without one: every channel). */
    private JsonObject history(Principal principal, JsonObject body) {
        HistoryRequest request = validator.history(body);
        Access.require(principal, Role.SUBSCRIBE, request.channel());
        return history.since(request).toJson();
    }

    private static String joinable(Principal principal, String room) {
        Access.require(principal, Role.SUBSCRIBE, room);
        return room;
    }

    private static JsonObject accepted(ChatMessage message) {
        return JsonP.createObjectBuilder().add("id", message.id()).build();
    }

    private JsonObject join(WebSocketClient client, String room) {
        if (!client.rooms().join(room)) {
            throw new InvalidInputException(InvalidInputException.BAD_REQUEST, "too_many_rooms", "room",
                    "a connection may join at most " + client.rooms().max() + " rooms; leave one first");
        }
        registry.joined(client.id(), room);
        return roomsOf(client, room);
    }

    private JsonObject leave(WebSocketClient client, String room) {
        client.rooms().leave(room);
        registry.left(client.id(), room);
        return roomsOf(client, room);
    }

    private static JsonObject roomsOf(WebSocketClient client, String room) {
        return JsonP.createObjectBuilder()
                .add("room", room)
                .add("rooms", JsonP.createArrayBuilder(client.rooms().list()))
                .build();
    }
}
