package io.switchboard.cluster;

import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;
import io.switchboard.message.JsonP;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Turns a {@link StreamEntry} into the fields of a Redis stream entry and back. The event travels as one JSON field
 * (so any JSON data survives unchanged) plus two plain fields naming its origin; its id is not stored, because the
 * stream entry id becomes the event id on every node.
 */
final class StreamEntryCodec {

    static final String EVENT = "event";
    static final String ORIGIN_NODE = "origin_node";
    static final String ORIGIN_ID = "origin_id";

    private StreamEntryCodec() {
    }

    static Map<String, String> encode(StreamEntry entry) {
        HubEvent event = entry.event();
        JsonObjectBuilder json = JsonP.createObjectBuilder()
                .add("event_type", event.eventType())
                .add("data", event.data())
                .add("timestamp", event.timestamp().toString())
                .add("source", event.source())
                .add("audience", event.audience().name());
        if (event.channel() != null) {
            json.add("channel", event.channel());
        }
        return Map.of(EVENT, json.build().toString(), ORIGIN_NODE, entry.originNode(), ORIGIN_ID, entry.originLocalId());
    }

    /**
     * The entry read back from the stream under {@code streamId}, which becomes its event id.
     *
     * @throws IllegalArgumentException when the fields are not an entry this codec wrote
     */
    static StreamEntry decode(String streamId, Map<String, String> fields) {
        String text = fields.get(EVENT);
        String originNode = fields.get(ORIGIN_NODE);
        String originId = fields.get(ORIGIN_ID);
        if (text == null || originNode == null || originId == null) {
            throw new IllegalArgumentException("entry " + streamId + " lacks the fields " + EVENT + ", " + ORIGIN_NODE
                    + ", " + ORIGIN_ID + ": " + fields.keySet());
        }
        try (JsonReader reader = JsonP.createReader(new StringReader(text))) {
            JsonObject json = reader.readObject();
            HubEvent event = new HubEvent(originId, json.getString("event_type"), json.get("data"),
                    Instant.parse(json.getString("timestamp")), json.getString("source"),
                    json.getString("channel", null), Audience.valueOf(json.getString("audience")));
            if (event.data() == null) {
                throw new IllegalArgumentException("entry " + streamId + " has no data");
            }
            return new StreamEntry(event.withId(streamId), originNode, originId);
        } catch (JsonException | ClassCastException | NullPointerException | DateTimeParseException e) {
            throw new IllegalArgumentException("entry " + streamId + " is not a Switchboard event: " + e.getMessage(), e);
        }
    }
}
