package io.switchboard.rest;

import io.switchboard.message.JsonP;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one shape of every error answer: {@code {"error": code, "detail": text, "field": name?}}. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response.ResponseBuilder of(int status, String error, String detail, String field) {
        JsonObjectBuilder body = JsonP.createObjectBuilder()
                .add("error", error)
                .add("detail", detail == null ? "" : detail);
        if (field != null) {
            body.add("field", field);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body.build());
    }
}
