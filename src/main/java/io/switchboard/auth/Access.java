package io.switchboard.auth;

import io.switchboard.message.JsonP;
import jakarta.json.JsonObject;
import java.util.Collection;
import java.util.List;

/** The authorization rules, the same on every transport. */
public final class Access {

    private Access() {
    }

    /** @throws AccessDeniedException 403 when the principal lacks the role */
    public static void require(Principal principal, Role role) {
        if (!principal.has(role)) {
            throw AccessDeniedException.forbidden("the token does not grant the '" + role.wireName() + "' role");
        }
    }

    /**
     * @param channel a channel or room; {@code null} for all of them (a broadcast, a message without a room, a stream
     *                of every channel)
     * @throws AccessDeniedException 403 when the principal's {@code channels} claim does not allow it
     */
    public static void requireChannel(Principal principal, String channel) {
        if (channel == null ? !principal.channels().allowsEverything() : !principal.channels().allows(channel)) {
            throw AccessDeniedException.forbidden(channel == null
                    ? "the token is restricted to some channels, so it cannot address or follow all of them"
                    : "the token does not allow channel '" + channel + "'");
        }
    }

    /**
     * The rooms of {@code joined} that {@code principal} may not be in, as joining requires them: what a connection
     * leaves when a refresh brings it a token with other roles or channels.
     */
    public static List<String> roomsDenied(Principal principal, Collection<String> joined) {
        return joined.stream().filter(room -> !principal.has(Role.SUBSCRIBE) || !principal.channels().allows(room))
                .toList();
    }

    /** Role and channel at once. */
    public static void require(Principal principal, Role role, String channel) {
        require(principal, role);
        requireChannel(principal, channel);
    }

    /**
     * The client's message with {@code sender} set to the token's subject: an authenticated client cannot speak for
     * someone else, and may leave {@code sender} out. Unchanged for nobody in particular (open hub).
     */
    public static JsonObject asSentBy(JsonObject message, Principal principal) {
        if (!principal.isAuthenticated()) {
            return message;
        }
        return JsonP.createObjectBuilder(message).add("sender", principal.subject()).build();
    }

    /** The token of an {@code Authorization: Bearer ...} header, or {@code null}. */
    public static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.length() > 7 && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return value.substring(7).trim();
        }
        return null;
    }
}
