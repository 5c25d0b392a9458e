package io.switchboard.sse;

import io.switchboard.message.MessageValidator;
import io.switchboard.presence.PresenceUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /stream?channel=}: Flask-SSE's stream, event name = event type, data = the event's data. */
@Path("")
@ApplicationScoped
public class FlaskStreamResource {

    @Inject
    SseAdmission admission;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void subscribe(@Suspended AsyncResponse response, @Context HttpServletRequest request,
                          @QueryParam("channel") @DefaultValue(MessageValidator.DEFAULT_EVENT_CHANNEL) String channel,
                          @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @QueryParam("token") String token,
                          @QueryParam(PresenceUser.PARAM) String user) {
        admission.subscribe(response, request, SseFormat.NAMED, channel, lastEventId, authorization, token, user);
    }
}
