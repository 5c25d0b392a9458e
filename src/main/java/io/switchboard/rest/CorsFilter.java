package io.switchboard.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

/** CORS for REST answers and preflights ({@link CorsHeaders}). */
@Provider
public class CorsFilter implements ContainerResponseFilter {

    private final CorsHeaders cors = CorsHeaders.fromConfig();

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.add(CorsHeaders.VARY, CorsHeaders.VARY_VALUE);
        cors.forOrigin(request.getHeaderString("Origin")).forEach(headers::putSingle);
    }
}
