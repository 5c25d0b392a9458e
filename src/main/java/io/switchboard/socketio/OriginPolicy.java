package io.switchboard.socketio;

import com.corundumstudio.socketio.AuthorizationListener;
import com.corundumstudio.socketio.AuthorizationResult;
import com.corundumstudio.socketio.HandshakeData;
import java.util.List;

/**
 * Refuses handshakes from browser origins not in {@code switchboard.socketio.origins}. Requests without an
 * {@code Origin} header (non-browser clients) pass: the check only protects users' browsers from foreign pages.
 */
final class OriginPolicy implements AuthorizationListener {

    private final List<String> allowed;

    /** @param allowed allowed origins such as {@code https://app.example.com}; empty allows any */
    OriginPolicy(List<String> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    boolean allows(String origin) {
        return allowed.isEmpty() || origin == null || allowed.stream().anyMatch(origin::equalsIgnoreCase);
    }

    @Override
    public AuthorizationResult getAuthorizationResult(HandshakeData data) {
        return allows(data.getHttpHeaders().get("Origin")) ? AuthorizationResult.SUCCESSFUL_AUTHORIZATION
                : AuthorizationResult.FAILED_AUTHORIZATION;
    }
}
