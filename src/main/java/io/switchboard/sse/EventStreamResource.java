package io.switchboard.sse;

import io.switchboard.presence.PresenceUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
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

/** {@code GET /api/events}: every event as a JSON envelope, of one channel with {@code ?channel=}, else of all. */
@Path("events")
@ApplicationScoped
public class EventStreamResource {

    @Inject
    SseAdmission admission;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void subscribe(@Suspended AsyncResponse response, @Context HttpServletRequest request,
                          @QueryParam("channel") String channel,
                          @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @QueryParam("token") String token,
                          @QueryParam(PresenceUser.PARAM) String user) {
        String followed = channel == null || channel.isEmpty() ? null : channel; // none named: every channel
        admission.subscribe(response, request, SseFormat.ENVELOPE, followed, lastEventId, authorization, token, user);
    }
}
