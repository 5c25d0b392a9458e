package io.switchboard.console;

import io.switchboard.socketio.SocketIoSettings;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import io.switchboard.message.JsonP;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /api/client-config}: where a browser client finds Socket.IO:
 * {@code {"socketio":{"port":null,"path":"/ws/chat/","direct_port":8001}}}. {@code port} null means the page's own
 * origin (the app server's port, with the application's context path in {@code path}); behind a proxy that routes
 * {@code /ws/chat/} to the direct port elsewhere (docker/nginx.conf), {@code switchboard.socketio.public-port} names
 * the port browsers reach it on instead, with the path at the root.
 */
@Path("client-config")
@RequestScoped
public class ClientConfigResource {

    @Inject
    SocketIoSettings socketIo;

    @Inject
    @ConfigProperty(name = "switchboard.socketio.public-port")
    Optional<Integer> publicPort;

    @Context
    HttpServletRequest request;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject config() {
        JsonObjectBuilder socketio = JsonP.createObjectBuilder();
        if (publicPort.isPresent()) {
            socketio.add("port", publicPort.get()).add("path", SocketIoSettings.PATH + "/");
        } else {
            socketio.addNull("port").add("path", request.getContextPath() + SocketIoSettings.PATH + "/");
        }
        return JsonP.createObjectBuilder()
                .add("socketio", socketio.add("direct_port", socketIo.port()))
                .build();
    }
}
