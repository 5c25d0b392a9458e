package io.switchboard.rest;

import io.switchboard.message.HubEvent;
import io.switchboard.message.MessageBus;
import io.switchboard.message.MessageValidator;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/** {@code POST /api/events/publish}: an event of any type with any JSON data, to one channel's subscribers. */
@Path("events/publish")
@RequestScoped
public class EventPublishResource {

    @Inject
    MessageValidator validator;

    @Inject
    MessageBus bus;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(InputStream body) {
        HubEvent event = bus.publish(validator.event(JsonBody.read(body, validator.maxMessageBytes())),
                MessageResource.SOURCE);
        return Response.accepted(Json.createObjectBuilder()
                .add("id", event.id())
                .add("event_type", event.eventType())
                .add("channel", event.channel())
                .build()).build();
    }
}
