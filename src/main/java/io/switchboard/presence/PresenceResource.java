package io.switchboard.presence;

import io.switchboard.auth.Access;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Role;
import io.switchboard.message.JsonP;
import io.switchboard.message.MessageValidator;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/rooms}: members per room; {@code GET /api/rooms/{room}/presence}: who is in it. Cluster-wide. */
@Path("rooms")
@RequestScoped
public class PresenceResource {

    @Inject
    Presence presence;

    @Inject
    MessageValidator validator;

    @Inject
    Authenticator authenticator;

    @GET
    @Path("{room}/presence")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject members(@PathParam("room") String room,
                              @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String valid = validator.channel("room", room);
        // Who is in a room is for those who may follow it.
        Access.require(authenticator.subscriber(Access.bearer(authorization)), Role.SUBSCRIBE, valid);
        JsonArrayBuilder members = JsonP.createArrayBuilder();
        presence.members(valid).forEach(member -> members.add(member.toJson()));
        return JsonP.createObjectBuilder().add("room", valid).add("members", members).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject rooms(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        var principal = authenticator.subscriber(Access.bearer(authorization));
        Access.require(principal, Role.SUBSCRIBE);
        JsonArrayBuilder rooms = JsonP.createArrayBuilder();
        // A token restricted to some channels sees the rooms it may follow only.
        presence.counts().forEach((room, count) -> {
            if (principal.channels().allows(room)) {
                rooms.add(JsonP.createObjectBuilder().add("room", room).add("members", count));
            }
        });
        return JsonP.createObjectBuilder().add("rooms", rooms).build();
    }
}
