package io.switchboard.rest;

import io.switchboard.config.Origins;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * CORS for REST and SSE: answers (preflights included) to a browser origin in {@code switchboard.cors.origins} carry
 * the headers that let its pages read them. By default no origin is listed, so only same-origin pages can. No
 * credentials are allowed: tokens travel in {@code Authorization} or {@code ?token=}, never in cookies.
 */
@Provider
public class CorsFilter implements ContainerResponseFilter {

    private final Origins origins = Origins.parse(ConfigProvider.getConfig()
            .getOptionalValue("switchboard.cors.origins", String.class).orElse(""));

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.add("Vary", "Origin");
        if (!origins.allows(origin)) {
            return;
        }
        headers.putSingle("Access-Control-Allow-Origin", origins.allowsAny() ? "*" : origin);
        headers.putSingle("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        headers.putSingle("Access-Control-Allow-Headers", "Authorization, Content-Type, Last-Event-ID");
        headers.putSingle("Access-Control-Max-Age", "600");
    }
}
