package io.switchboard.websocket;

import java.util.Locale;
import java.util.Optional;

/** What a client frame asks for, named by its {@code action} field. */
enum Action {
    MESSAGE, BROADCAST, JOIN, LEAVE, HISTORY, REFRESH;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Action> fromWire(String value) {
        for (Action action : values()) {
            if (action.wireName().equals(value)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
