package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.auth.ChannelPatterns;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.message.InvalidInputException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code auth: {user}} of a Socket.IO CONNECT: a name that is not a string is refused, never taken for none. */
class SocketIoAuthUserTest {

    private static final List<Object> NOT_STRINGS = List.of(42, Map.of("name", "x"), List.of("x"), true);

    @Test
    void withoutATokenANumberObjectListOrBooleanForUserIsRefused() {
        for (Object notAString : NOT_STRINGS) {
            InvalidInputException refused = assertThrows(InvalidInputException.class,
                    () -> SocketIoAuth.user(Map.of("user", notAString), Principal.OPEN, () -> null),
                    String.valueOf(notAString));
            assertEquals("invalid_field", refused.error());
            assertEquals("user", refused.field());
        }
    }

    @Test
    void withATokenTheSubjectIsTheUserWhateverWasGiven() {
        Principal alice = new Principal("alice", EnumSet.of(Role.SUBSCRIBE), ChannelPatterns.ANY);
        for (Object notAString : NOT_STRINGS) {
            assertEquals("alice", SocketIoAuth.user(Map.of("user", notAString), alice, () -> null));
        }
    }

    @Test
    void aStringWinsOverTheQueryAndNoneFallsBackToIt() {
        assertEquals("bob", SocketIoAuth.user(Map.of("user", "bob"), Principal.OPEN, () -> "carol"));
        assertEquals("carol", SocketIoAuth.user(Map.of(), Principal.OPEN, () -> "carol"));
        assertNull(SocketIoAuth.user(null, Principal.OPEN, () -> null));
    }
}
