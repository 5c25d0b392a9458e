package io.switchboard.presence;

import io.switchboard.auth.Principal;
import io.switchboard.message.MessageValidator;

/** Who a connection is in presence lists: its token's subject; else the name it gave, checked like a sender; else none. */
public final class PresenceUser {

    public static final String PARAM = "user";

    private PresenceUser() {
    }

    /**
     * @param given the client's {@code user} (query parameter or Socket.IO auth field), or {@code null}
     * @throws io.switchboard.message.InvalidInputException 400 {@code invalid_field} {@code user} when a name given
     *         by an unauthenticated client is not 1 to 100 characters without control characters
     */
    public static String of(Principal principal, String given) {
        if (principal.isAuthenticated()) {
            return principal.subject();
        }
        return given == null ? null : MessageValidator.name(PARAM, given);
    }
}
