package io.switchboard.system;

import static io.switchboard.testing.SocketIoTestClient.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.switchboard.testing.SocketIoTestClient;
import org.json.JSONObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every check of {@link SocketIoIT} again, through the app server's own HTTP port, as the seed's client writes it
 * ({@code io("http://host:8000", {path: "/ws/chat/"})}); and clients of both entry points in one hub.
 */
class SocketIoAppServerPortIT extends SocketIoIT {

    @Override
    protected int entryPort() {
        return httpPort();
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void clientsOfBothEntryPointsShareRoomsAndMessages(String transport) throws Exception {
        assertNotEquals(httpPort(), socketIoPort());
        String room = "both-" + transport;
        try (SocketIoTestClient sameOrigin = SocketIoTestClient.connect(httpPort(), transport);
             SocketIoTestClient direct = SocketIoTestClient.connect(socketIoPort(), transport)) {
            sameOrigin.request("join", new JSONObject().put("room", room));
            direct.request("join", new JSONObject().put("room", room));

            String fromSameOrigin = sameOrigin.request("message", new JSONObject().put("type", "text")
                    .put("content", "from 8000").put("sender", "same-origin").put("room", room)).getString("id");
            String fromDirect = direct.request("message", new JSONObject().put("type", "text")
                    .put("content", "from 8001").put("sender", "direct").put("room", room)).getString("id");

            assertEquals("from 8000", direct.await("message", field("id", fromSameOrigin)).json()
                    .getString("content"));
            assertEquals("from 8001", sameOrigin.await("message", field("id", fromDirect)).json()
                    .getString("content"));
        }
    }
}
