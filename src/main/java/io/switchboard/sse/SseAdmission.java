package io.switchboard.sse;

import io.switchboard.auth.Access;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.connection.ClientAddresses;
import io.switchboard.message.MessageValidator;
import io.switchboard.presence.PresenceUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.AsyncResponse;

/**
 * What both SSE resources do with a subscription: check its channel, token and role, then hand it to the hub. The
 * JAX-RS response stays suspended: once the client is admitted, the hub writes the stream itself
 * ({@link ServletEventStream}); a refusal resumes it with the error, which JAX-RS answers as JSON.
 */
@ApplicationScoped
public class SseAdmission {

    @Inject
    SseHub hub;

    @Inject
    MessageValidator validator;

    @Inject
    Authenticator authenticator;

    @Inject
    ClientAddresses addresses;

    /** @param channel the channel to follow, already defaulted; {@code null}: every channel */
    void subscribe(AsyncResponse response, HttpServletRequest request, SseFormat format, String channel,
                   String lastEventId, String authorization, String token, String user) {
        try {
            String followed = channel == null ? null : validator.channel("channel", channel);
            // ?token= because a browser's EventSource cannot set headers; the header wins when both are sent.
            String bearer = Access.bearer(authorization);
            Principal principal = authenticator.subscriber(bearer != null ? bearer : token);
            Access.require(principal, Role.SUBSCRIBE, followed);
            String member = PresenceUser.of(principal, user);
            hub.subscribe(request, format, followed, lastEventId, addresses.resolve(request), member,
                    principal.expiresAt());
        } catch (RuntimeException e) {
            response.resume(e);
        }
    }
}
