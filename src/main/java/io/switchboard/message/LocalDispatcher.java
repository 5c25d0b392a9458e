package io.switchboard.message;

import jakarta.enterprise.event.Event;

/** Single-node delivery: the event is fired at once to this node's transports, with its local id. */
public final class LocalDispatcher implements Dispatcher {

    private final Event<HubEvent> events;

    public LocalDispatcher(Event<HubEvent> events) {
        this.events = events;
    }

    @Override
    public HubEvent dispatch(HubEvent event) {
        events.fire(event);
        return event;
    }
}
