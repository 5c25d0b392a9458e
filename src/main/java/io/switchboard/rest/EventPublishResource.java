package io.switchboard.rest;

import io.switchboard.auth.Access;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.connection.ClientAddresses;
import io.switchboard.message.EventDraft;
import io.switchboard.message.HubEvent;
import io.switchboard.message.MessageBus;
import io.switchboard.message.MessageValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.switchboard.message.JsonP;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import io.switchboard.ratelimit.RateLimits;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/** {@code POST /api/events/publish}: an event of any type with any JSON data, to one channel's subscribers. */
@Path("events/publish")
// One instance for every request, not one made and injected per request (a tenth of a publish's CPU when it was).
@ApplicationScoped
public class EventPublishResource {

    @Inject
    MessageValidator validator;

    @Inject
    MessageBus bus;

    @Inject
    Authenticator authenticator;

    @Inject
    RateLimits limits;

    @Inject
    ClientAddresses addresses;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(InputStream body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @Context HttpServletRequest request) {
        Principal principal = authenticator.identify(Access.bearer(authorization));
        Access.require(principal, Role.PUBLISH);
        limits.checkSender(Senders.of(principal, addresses.resolve(request)));
        EventDraft draft = validator.event(JsonBody.read(body, validator));
        Access.requireChannel(principal, draft.channel());
        HubEvent event = bus.publish(draft, MessageResource.SOURCE);
        return Response.accepted(JsonP.createObjectBuilder()
                .add("id", event.id())
                .add("event_type", event.eventType())
                .add("channel", event.channel())
                .build()).build();
    }
}
