package io.switchboard.rest;

import io.switchboard.auth.Principal;
import jakarta.servlet.http.HttpServletRequest;

/** Whose rate limit a REST request counts against: its token's subject, else (open hub) its client address. */
final class Senders {

    private Senders() {
    }

    static String of(Principal principal, HttpServletRequest request) {
        return principal.isAuthenticated() ? "sub:" + principal.subject() : "addr:" + request.getRemoteAddr();
    }
}
