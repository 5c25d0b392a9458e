package io.switchboard.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Anything else: logged with a reference for the operator, answered as a JSON 500 without a stack trace. */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.WARNING, "Unexpected error, reference " + reference, e);
        return ErrorResponses.of(500, "internal_error",
                "an unexpected error occurred; the server log has it under reference " + reference, null).build();
    }
}
