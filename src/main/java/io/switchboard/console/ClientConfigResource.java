package io.switchboard.console;

import io.switchboard.socketio.SocketIoSettings;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import io.switchboard.message.JsonP;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /api/client-config}: what a browser client needs to find the Socket.IO server, which listens on a port
 * of its own: {@code {"socketio":{"port":8001,"path":"/ws/chat/"}}}. Behind a proxy that routes {@code /ws/chat/}
 * (docker/nginx.conf), {@code switchboard.socketio.public-port} names the port clients reach it on instead.
 */
@Path("client-config")
@RequestScoped
public class ClientConfigResource {

    @Inject
    SocketIoSettings socketIo;

    @Inject
    @ConfigProperty(name = "switchboard.socketio.public-port")
    Optional<Integer> publicPort;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject config() {
        return JsonP.createObjectBuilder()
                .add("socketio", JsonP.createObjectBuilder()
                        .add("port", publicPort.orElse(socketIo.port()))
                        .add("path", SocketIoSettings.PATH + "/"))
                .build();
    }
}
