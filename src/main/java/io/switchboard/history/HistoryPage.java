package io.switchboard.history;

import io.switchboard.message.HubEvent;
import io.switchboard.message.JsonP;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * Missed events, oldest first, as envelopes; {@code more} says the page is full and the client should ask again
 * with the id of the last one.
 */
public record HistoryPage(List<HubEvent> events, boolean more) {

    public JsonObject toJson() {
        JsonArrayBuilder envelopes = JsonP.createArrayBuilder();
        events.forEach(event -> envelopes.add(event.toEnvelope()));
        return JsonP.createObjectBuilder().add("events", envelopes).add("more", more).build();
    }
}
