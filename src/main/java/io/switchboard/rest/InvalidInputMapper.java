package io.switchboard.rest;

import io.switchboard.auth.AccessDeniedException;
import io.switchboard.message.InvalidInputException;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.core.Response;

/** Client input the validator refused: its status and JSON error, no stack trace. */
@Provider
public class InvalidInputMapper implements ExceptionMapper<InvalidInputException> {

    @Override
    public Response toResponse(InvalidInputException e) {
        Response.ResponseBuilder answer = ErrorResponses.of(e.status(), e.error(), e.detail(), e.field());
        if (e.status() == AccessDeniedException.UNAUTHORIZED) {
            // RFC 6750: a 401 names the scheme the client should use.
            answer.header("WWW-Authenticate", "Bearer realm=\"switchboard\"");
        }
        return answer.build();
    }
}
