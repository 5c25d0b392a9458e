package io.switchboard.auth;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who is asking, and what they may do. {@code subject} is {@code null} for nobody in particular: on an open hub (no key
 * configured), or an anonymous subscriber when {@code switchboard.auth.anonymous-subscribe} allows one.
 * {@code expiresAt} is the token's {@code exp}, when an open connection is closed; {@code null} for nobody in
 * particular, whose connections never expire.
 */
public record Principal(String subject, Set<Role> roles, ChannelPatterns channels, Instant expiresAt) {

    /** Everyone on a hub without authentication. */
    public static final Principal OPEN = new Principal(null, EnumSet.allOf(Role.class), ChannelPatterns.ANY);

    /** A client without a token on a hub that allows anonymous subscription. */
    public static final Principal ANONYMOUS_SUBSCRIBER = new Principal(null, EnumSet.of(Role.SUBSCRIBE),
            ChannelPatterns.ANY);

    /** Without an expiry. */
    public Principal(String subject, Set<Role> roles, ChannelPatterns channels) {
        this(subject, roles, channels, null);
    }

    public Principal {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isAuthenticated() {
        return subject != null;
    }
}
