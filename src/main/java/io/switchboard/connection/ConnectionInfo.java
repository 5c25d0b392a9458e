package io.switchboard.connection;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Set;

/** One live client connection, on any transport, as {@code GET /api/connections} lists it. */
public record ConnectionInfo(String id, String transport, String remoteAddress, Instant connectedAt, Set<String> rooms) {

    public JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("id", id)
                .add("transport", transport)
                .add("remote_address", remoteAddress == null ? "" : remoteAddress)
                .add("connected_at", connectedAt.toString())
                .add("rooms", Json.createArrayBuilder(rooms.stream().sorted().toList()))
                .build();
    }
}
