package io.switchboard.auth;

import java.util.Locale;
import java.util.Optional;

/** What a token allows its holder: publish (send, broadcast, publish events), subscribe (streams, rooms), admin. */
public enum Role {
    PUBLISH, SUBSCRIBE, ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Unknown words are not an error: a token minted for several services may carry others' roles too. */
    static Optional<Role> fromWire(String word) {
        for (Role role : values()) {
            if (role.wireName().equals(word)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
