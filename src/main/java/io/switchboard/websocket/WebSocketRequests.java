package io.switchboard.websocket;

import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.history.HistoryService;
import io.switchboard.message.ChatMessage;
import io.switchboard.message.InvalidInputException;
import io.switchboard.message.MessageBus;
import io.switchboard.message.MessageValidator;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

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

    private FrameReader reader;

    @PostConstruct
    void init() {
        reader = new FrameReader(validator.maxMessageBytes());
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
            return Frames.ok(request.ref(), perform(client, request));
        } catch (InvalidInputException e) {
            return Frames.error(request.ref(), e);
        }
    }

    private JsonObject perform(WebSocketClient client, ClientRequest request) {
        return switch (request.action()) {
            case MESSAGE -> accepted(bus.send(validator.message(request.body()), SOURCE));
            case BROADCAST -> accepted(bus.broadcast(validator.message(request.body()), SOURCE));
            case JOIN -> join(client, validator.requiredChannel(request.body(), "room"));
            case LEAVE -> leave(client, validator.requiredChannel(request.body(), "room"));
            case HISTORY -> history.since(validator.history(request.body())).toJson();
        };
    }

    private static JsonObject accepted(ChatMessage message) {
        return Json.createObjectBuilder().add("id", message.id()).build();
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
        return Json.createObjectBuilder()
                .add("room", room)
                .add("rooms", Json.createArrayBuilder(client.rooms().list()))
                .build();
    }
}
