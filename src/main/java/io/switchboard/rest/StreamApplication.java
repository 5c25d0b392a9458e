package io.switchboard.rest;

import io.switchboard.sse.FlaskStreamResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** {@code /stream}, the Flask-SSE compatible stream, at the path Flask-SSE clients expect. */
@ApplicationPath("stream")
public class StreamApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return ApiApplication.with(ApiApplication.ERROR_MAPPERS, CorsFilter.class, FlaskStreamResource.class);
    }
}
