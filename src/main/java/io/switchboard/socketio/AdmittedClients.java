package io.switchboard.socketio;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.namespace.Namespace;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * Who a room-less message or broadcast goes to: the clients admitted at their namespace CONNECT whose principal may
 * subscribe. netty-socketio's own broadcast goes to every session of the namespace, and it puts a session there at
 * the Engine.IO handshake, before the client has sent its CONNECT, let alone its token: a raw Engine.IO session that
 * never connects (the reference server sends it nothing) and a token without {@code subscribe} would both be sent
 * every broadcast. So admitted clients are kept in a room of their own, and broadcasts go to that room.
 */
final class AdmittedClients {

    /** A room no client can ask for: room names are channel names, which have no spaces. */
    static final String ROOM = " admitted";

    private AdmittedClients() {
    }

    /** After admission and after a refresh: in the broadcast room exactly when its principal may subscribe. */
    static void follow(SocketIOClient client, Principal principal) {
        if (principal.has(Role.SUBSCRIBE)) {
            client.joinRoom(ROOM);
        } else {
            client.leaveRoom(ROOM);
        }
    }

    /**
     * The clients in {@code room} in every namespace, read in one pass: the library's room operations copy the
     * room's clients into a list, then into a set, before sending.
     */
    static Iterable<SocketIOClient> in(SocketIOServer server, String room) {
        List<Iterable<SocketIOClient>> rooms = new ArrayList<>(1);
        for (SocketIONamespace namespace : server.getAllNamespaces()) {
            rooms.add(((Namespace) namespace).getRoomClients(room));
        }
        return rooms.size() == 1 ? rooms.get(0) : () -> rooms.stream().flatMap(
                clients -> StreamSupport.stream(clients.spliterator(), false)).iterator();
    }

    /** Whether {@code room} is one the client joined itself (not the namespace's own, nor this one). */
    static boolean isJoinedRoom(String room, String namespaceRoom) {
        return !room.equals(namespaceRoom) && !room.equals(ROOM);
    }
}
