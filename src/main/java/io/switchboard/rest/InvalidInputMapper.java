package io.switchboard.rest;

import io.switchboard.message.InvalidInputException;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.core.Response;

/** Client input the validator refused: its status and JSON error, no stack trace. */
@Provider
public class InvalidInputMapper implements ExceptionMapper<InvalidInputException> {

    @Override
    public Response toResponse(InvalidInputException e) {
        return ErrorResponses.of(e.status(), e.error(), e.detail(), e.field()).build();
    }
}
