package io.switchboard.rest;

import io.switchboard.auth.Principal;

/** Whose rate limit a REST request counts against: its token's subject, else (open hub) its client address. */
final class Senders {

    private Senders() {
    }

    /** @param clientAddress the request's client as {@code ClientAddresses} resolved it (behind trusted proxies too) */
    static String of(Principal principal, String clientAddress) {
        return principal.isAuthenticated() ? "sub:" + principal.subject() : "addr:" + clientAddress;
    }
}
