package io.switchboard.rest;

import io.switchboard.connection.LocalConnections;
import io.switchboard.message.ChatMessage;
import io.switchboard.message.MessageBus;
import io.switchboard.message.MessageValidator;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/** {@code POST /api/message} and {@code POST /api/messages/broadcast}. */
@Path("")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    static final String SOURCE = "rest";

    @Inject
    MessageValidator validator;

    @Inject
    MessageBus bus;

    @Inject
    LocalConnections connections;

    @POST
    @Path("message")
    public Response send(InputStream body) {
        ChatMessage message = bus.send(validator.message(JsonBody.read(body, validator.maxMessageBytes())), SOURCE);
        return Response.status(Response.Status.CREATED).entity(message.toJson()).build();
    }

    @POST
    @Path("messages/broadcast")
    public Response broadcast(InputStream body) {
        ChatMessage draft = validator.message(JsonBody.read(body, validator.maxMessageBytes()));
        ChatMessage message = bus.broadcast(draft, SOURCE);
        JsonObject answer = Json.createObjectBuilder()
                .add("id", message.id())
                .add("recipients", connections.total())
                .add("message", message.toJson())
                .build();
        return Response.accepted(answer).build();
    }
}
