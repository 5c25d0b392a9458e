package io.switchboard.message;

import java.util.Locale;
import java.util.Optional;

/** The kinds of chat message the hub carries; the wire name is the lower-case constant name. */
public enum MessageType {
    TEXT, IMAGE, AUDIO;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MessageType> fromWire(String value) {
        for (MessageType type : values()) {
            if (type.wireName().equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
