package io.switchboard.console;

import io.switchboard.connection.ClientAddresses;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * {@code GET /api/metrics/stream}: the figures the console charts, as SSE events {@code figures}, one JSON frame per
 * interval. Open like {@code /api/metrics} and {@code /api/health}, whose figures it carries: counts and rates, no
 * client's identity or address.
 */
@Path("metrics/stream")
@RequestScoped
public class FigureStreamResource {

    @Inject
    FigureStream stream;

    @Inject
    ClientAddresses addresses;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void follow(@Context SseEventSink sink, @Context Sse sse, @Context HttpServletRequest request) {
        stream.follow(sink, sse, addresses.resolve(request));
    }
}
