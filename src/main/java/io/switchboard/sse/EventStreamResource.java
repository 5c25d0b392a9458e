package io.switchboard.sse;

import io.switchboard.auth.Access;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.connection.ClientAddresses;
import io.switchboard.message.MessageValidator;
import io.switchboard.presence.PresenceUser;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** {@code GET /api/events}: every event as a JSON envelope, of one channel with {@code ?channel=}, else of all. */
@Path("events")
@RequestScoped
public class EventStreamResource {

    @Inject
    SseHub hub;

    @Inject
    MessageValidator validator;

    @Inject
    Authenticator authenticator;

    @Inject
    ClientAddresses addresses;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void subscribe(@Context SseEventSink sink, @Context Sse sse, @Context HttpServletRequest request,
                          @QueryParam("channel") String channel,
                          @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @QueryParam("token") String token,
                          @QueryParam(PresenceUser.PARAM) String user) {
        String followed = channel == null || channel.isEmpty() ? null : validator.channel("channel", channel);
        // ?token= because a browser's EventSource cannot set headers; the header wins when both are sent.
        String bearer = Access.bearer(authorization);
        Principal principal = authenticator.subscriber(bearer != null ? bearer : token);
        Access.require(principal, Role.SUBSCRIBE, followed);
        String member = PresenceUser.of(principal, user);
        hub.subscribe(sink, sse, SseFormat.ENVELOPE, followed, lastEventId,
                addresses.resolve(request), member, principal.expiresAt());
    }
}
