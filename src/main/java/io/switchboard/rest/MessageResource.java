package io.switchboard.rest;

import io.switchboard.auth.Access;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.connection.ClientAddresses;
import io.switchboard.connection.LocalConnections;
import io.switchboard.message.ChatMessage;
import io.switchboard.message.MessageBus;
import io.switchboard.message.MessageValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.switchboard.message.JsonP;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import io.switchboard.ratelimit.RateLimits;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/** {@code POST /api/message} and {@code POST /api/messages/broadcast}. */
@Path("")
// One instance for every request, not one made and injected per request (a tenth of a publish's CPU when it was).
@ApplicationScoped
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

    @Inject
    Authenticator authenticator;

    @Inject
    RateLimits limits;

    @Inject
    ClientAddresses addresses;

    @POST
    @Path("message")
    public Response send(InputStream body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @Context HttpServletRequest request) {
        ChatMessage message = bus.send(draft(body, authorization, request, false), SOURCE);
        return Response.status(Response.Status.CREATED).entity(message.toJson()).build();
    }

    @POST
    @Path("messages/broadcast")
    public Response broadcast(InputStream body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @Context HttpServletRequest request) {
        ChatMessage message = bus.broadcast(draft(body, authorization, request, true), SOURCE);
        JsonObject answer = JsonP.createObjectBuilder()
                .add("id", message.id())
                .add("recipients", connections.total())
                .add("message", message.toJson())
                .build();
        return Response.accepted(answer).build();
    }

    /** Who sends (checked before the body is read) and what, as that sender, to a room they may address. */
    private ChatMessage draft(InputStream body, String authorization, HttpServletRequest request,
                              boolean toEveryone) {
        Principal principal = authenticator.identify(Access.bearer(authorization));
        Access.require(principal, Role.PUBLISH);
        limits.checkSender(Senders.of(principal, addresses.resolve(request)));
        ChatMessage draft = validator.message(Access.asSentBy(JsonBody.read(body, validator),
                principal));
        Access.requireChannel(principal, toEveryone ? null : draft.room());
        return draft;
    }
}
