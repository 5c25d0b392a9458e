package io.switchboard.rest;

import io.switchboard.connection.ConnectionsResource;
import io.switchboard.console.ClientConfigResource;
import io.switchboard.console.FigureStreamResource;
import io.switchboard.health.HealthResource;
import io.switchboard.metrics.MetricsResource;
import io.switchboard.presence.PresenceResource;
import io.switchboard.sse.EventStreamResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.HashSet;
import java.util.Set;

/**
 * The seed's API under {@code /api}. Classes are listed, not scanned, because {@link StreamApplication} shares
 * the WAR, and a JAX-RS application at {@code /} would hide the static files of the web app.
 */
@ApplicationPath("api")
public class ApiApplication extends Application {

    static final Set<Class<?>> ERROR_MAPPERS = Set.of(InvalidInputMapper.class, HttpErrorMapper.class,
            UnexpectedErrorMapper.class);

    @Override
    public Set<Class<?>> getClasses() {
        return with(ERROR_MAPPERS, CorsFilter.class, HealthResource.class, MessageResource.class,
                EventPublishResource.class, EventStreamResource.class, ConnectionsResource.class,
                ClientConfigResource.class, MetricsResource.class, FigureStreamResource.class, PresenceResource.class);
    }

    static Set<Class<?>> with(Set<Class<?>> base, Class<?>... more) {
        Set<Class<?>> all = new HashSet<>(base);
        all.addAll(Set.of(more));
        return all;
    }
}
