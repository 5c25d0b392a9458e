package io.switchboard.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** Errors the JAX-RS runtime raises itself (unknown path, wrong method, wrong content type) as JSON too. */
@Provider
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {

    private static final Map<Integer, String> CODES = Map.of(
            400, "bad_request",
            404, "not_found",
            405, "method_not_allowed",
            406, "not_acceptable",
            415, "unsupported_media_type");

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        String code = CODES.getOrDefault(status, "http_" + status);
        Response.ResponseBuilder answer = ErrorResponses.of(status, code, detail(status, e), null);
        // Keep what the runtime said beyond the body, such as the Allow header of a 405.
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        return answer.build();
    }

    private static String detail(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 415 -> "the body must be JSON (Content-Type: application/json)";
            default -> e.getMessage();
        };
    }
}
