package io.switchboard.message;

import jakarta.json.JsonValue;

/** A validated event to publish: its type, its data (any JSON) and the channel it goes to. */
public record EventDraft(String eventType, JsonValue data, String channel) {
}
