package io.switchboard.message;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one validator every transport uses: turns client JSON into a {@link ChatMessage} draft or an
 * {@link EventDraft}, or refuses it with an {@link InvalidInputException} naming the field at fault.
 */
@ApplicationScoped
public class MessageValidator {

    public static final int MAX_SENDER_LENGTH = 100;
    public static final String DEFAULT_EVENT_CHANNEL = "sse";
    /** The event type of presence's join and leave events, which clients cannot publish. */
    public static final String RESERVED_EVENT_TYPE = "presence";

    /** Default of {@code switchboard.message.max-depth}: far more than any message or event needs. */
    public static final int DEFAULT_MAX_DEPTH = 32;

    private int maxMessageBytes;
    private int maxDepth;

    public MessageValidator(int maxMessageBytes) {
        this(maxMessageBytes, DEFAULT_MAX_DEPTH);
    }

    @Inject
    public MessageValidator(@ConfigProperty(name = "switchboard.message.max-bytes") int maxMessageBytes,
                            @ConfigProperty(name = "switchboard.message.max-depth",
                                    defaultValue = "" + DEFAULT_MAX_DEPTH) int maxDepth) {
        this.maxMessageBytes = maxMessageBytes;
        this.maxDepth = maxDepth;
    }

    /** For CDI's proxy only. */
    protected MessageValidator() {
    }

    public int maxDepth() {
        return maxDepth;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Refuses raw JSON nested deeper than {@code switchboard.message.max-depth}, before it is parsed. */
    public void checkDepth(CharSequence json) {
        JsonDepth.check(json, maxDepth);
    }

    public ChatMessage message(JsonObject json) {
        String typeName = requiredString(json, "type");
        MessageType type = MessageType.fromWire(typeName).orElseThrow(() -> new InvalidInputException(
                InvalidInputException.BAD_REQUEST, "unknown_type", "type",
                "'type' must be one of text, image, audio; got '" + typeName + "'"));
        String content = requiredString(json, "content");
        checkSize(content);
        if (content.isEmpty()) {
            throw InvalidInputException.invalid("content", "'content' must not be empty");
        }
        if (type != MessageType.TEXT) {
            String problem = MediaContent.problemWith(type, content);
            if (problem != null) {
                throw InvalidInputException.invalid("content", problem);
            }
        }
        String sender = name("sender", requiredString(json, "sender"));
        return ChatMessage.draft(type, content, sender, optionalChannel(json, "room"));
    }

    /**
     * A person's name as a message's {@code sender} or a connection's presence {@code user}: 1 to
     * {@value #MAX_SENDER_LENGTH} characters, not blank, no control characters.
     */
    public static String name(String field, String value) {
        if (value.isBlank() || value.length() > MAX_SENDER_LENGTH) {
            throw InvalidInputException.invalid(field,
                    "'" + field + "' must be 1 to " + MAX_SENDER_LENGTH + " characters, not blank");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw InvalidInputException.invalid(field, "'" + field + "' must not contain control characters");
        }
        return value;
    }

    public EventDraft event(JsonObject json) {
        String eventType = requiredString(json, "event_type");
        if (!ChannelNames.isValid(eventType)) {
            throw InvalidInputException.invalid("event_type", "'event_type' must be " + ChannelNames.describeRule());
        }
        if (RESERVED_EVENT_TYPE.equals(eventType)) {
            // Only the hub tells who joins and leaves: a published "presence" event would be a forged one.
            throw InvalidInputException.invalid("event_type", "'event_type' '" + RESERVED_EVENT_TYPE
                    + "' is reserved for the hub's join and leave events");
        }
        JsonValue data = json.getOrDefault("data", JsonValue.NULL);
        if (data.getValueType() == JsonValue.ValueType.NULL) {
            data = JsonValue.EMPTY_JSON_OBJECT;
        }
        String channel = optionalChannel(json, "channel");
        return new EventDraft(eventType, data, channel != null ? channel : DEFAULT_EVENT_CHANNEL);
    }

    /** Validates a channel or room name given on its own (a query parameter, a join request). */
    public String channel(String field, String value) {
        if (!ChannelNames.isValid(value)) {
            throw InvalidInputException.invalid(field, "'" + field + "' must be " + ChannelNames.describeRule());
        }
        return value;
    }

    /** A required channel or room name inside a JSON request ({@code {"room": "ops"}}). */
    public String requiredChannel(JsonObject json, String field) {
        return channel(field, requiredString(json, field));
    }

    /** {@code {since, channel?}}: {@code since} is the id of the last event the client has. */
    public HistoryRequest history(JsonObject json) {
        String since = requiredString(json, "since");
        if (EventId.parse(since).isEmpty()) {
            throw InvalidInputException.invalid("since", "'since' must be an event id such as 1764080000000-0");
        }
        return new HistoryRequest(since, optionalChannel(json, "channel"));
    }

    private String optionalChannel(JsonObject json, String field) {
        JsonValue value = json.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonString text)) {
            throw InvalidInputException.invalid(field, "'" + field + "' must be a string");
        }
        return channel(field, text.getString());
    }

    private static String requiredString(JsonObject json, String field) {
        JsonValue value = json.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            throw InvalidInputException.missing(field);
        }
        if (!(value instanceof JsonString text)) {
            throw InvalidInputException.invalid(field, "'" + field + "' must be a string, not " + value.getValueType());
        }
        return text.getString();
    }

    private void checkSize(String content) {
        // Cheap bound first: a UTF-8 character takes at most 3 bytes per UTF-16 unit.
        if (content.length() > maxMessageBytes
                || (content.length() * 3L > maxMessageBytes
                    && content.getBytes(StandardCharsets.UTF_8).length > maxMessageBytes)) {
            throw new InvalidInputException(InvalidInputException.PAYLOAD_TOO_LARGE, "payload_too_large", "content",
                    "'content' exceeds the limit of " + maxMessageBytes + " bytes");
        }
    }
}
