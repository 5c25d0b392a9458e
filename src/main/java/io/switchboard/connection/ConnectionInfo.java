package io.switchboard.connection;

import io.switchboard.message.JsonP;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Set;

/** One live client connection, on any transport, as {@code GET /api/connections} lists it. */
public record ConnectionInfo(String id, String transport, String remoteAddress, Instant connectedAt, Set<String> rooms) {

    public JsonObject toJson() {
        return JsonP.createObjectBuilder()
                .add("id", id)
                .add("transport", transport)
                .add("remote_address", remoteAddress == null ? "" : remoteAddress)
                .add("connected_at", connectedAt.toString())
                .add("rooms", JsonP.createArrayBuilder(rooms.stream().sorted().toList()))
                .build();
    }
}
