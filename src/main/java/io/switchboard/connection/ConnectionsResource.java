package io.switchboard.connection;

import io.switchboard.auth.Access;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import io.switchboard.message.JsonP;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/connections}: every live connection of this node, on every transport. */
@Path("connections")
@RequestScoped
public class ConnectionsResource {

    @Inject
    ConnectionRegistry registry;

    @Inject
    Authenticator authenticator;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        // Management: who is connected from where is for administrators only.
        Access.require(authenticator.identify(Access.bearer(authorization)), Role.ADMIN);
        JsonArrayBuilder all = JsonP.createArrayBuilder();
        var connections = registry.list();
        connections.forEach(connection -> all.add(connection.toJson()));
        return JsonP.createObjectBuilder().add("count", connections.size()).add("connections", all).build();
    }
}
