package io.switchboard.cluster;

import io.switchboard.message.Dispatcher;
import io.switchboard.message.HubEvent;
import io.switchboard.message.LocalDispatcher;
import io.switchboard.message.ReplaySource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Produces;

/** Chooses, once, how events are dispatched and replayed: through the cluster stream, or on this node alone. */
@ApplicationScoped
public class ClusterProducers {

    @Produces
    @ApplicationScoped
    Dispatcher dispatcher(ClusterNode cluster, Event<HubEvent> events) {
        if (!cluster.enabled()) {
            return new LocalDispatcher(events);
        }
        ClusterPublisher publisher = cluster.publisher();
        return publisher::publish;
    }

    @Produces
    @ApplicationScoped
    ReplaySource replaySource(ClusterNode cluster) {
        return cluster.enabled() ? cluster.replay() : new NoReplay();
    }
}
