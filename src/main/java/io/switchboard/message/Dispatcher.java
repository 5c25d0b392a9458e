package io.switchboard.message;

/**
 * How {@link MessageBus} hands an accepted event to the clients: fired on this node only, or appended to the shared
 * cluster stream that every node delivers from. One strategy per deployment, chosen at startup from configuration.
 */
public interface Dispatcher {

    /**
     * Delivers {@code event}, which carries a node-local id, and returns it as clients receive it: with the id the
     * cluster assigned, or unchanged.
     *
     * @throws HubUnavailableException when the event can be neither delivered nor queued for later
     */
    HubEvent dispatch(HubEvent event);
}
