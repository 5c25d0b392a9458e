package io.switchboard.history;

import io.switchboard.message.HubEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The events this node delivered lately, for Socket.IO and WebSocket {@code history} requests. It keeps references
 * to the same event objects the transports deliver, so it costs little beside SSE's own history of rendered frames.
 */
@ApplicationScoped
public class RecentEvents {

    @Inject
    @ConfigProperty(name = "switchboard.history.size")
    int size;

    @Inject
    @ConfigProperty(name = "switchboard.history.channels")
    int channels;

    private EventHistory<HubEvent> history;

    void start(@Observes Startup startup) {
        // Created with the application, so that it holds every event delivered from the start.
    }

    @PostConstruct
    void init() {
        history = new EventHistory<>(size, Math.max(1, channels), Function.identity());
    }

    synchronized void record(@Observes HubEvent event) {
        if (!HubEvent.PRESENCE_TYPE.equals(event.eventType())) {
            history.append(event); // joins and leaves are news of now, not history
        }
    }

    synchronized boolean retains(String since, String channel) {
        return history.retains(since, channel);
    }

    synchronized List<HubEvent> after(String since, String channel) {
        return history.after(since, channel);
    }
}
