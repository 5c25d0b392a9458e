package io.switchboard.jmx;

/**
 * The hub as operators see it in jconsole or the app server's console, as {@code switchboard:type=Hub}. An MXBean, so
 * every attribute and result is an open type that any JMX client can show without the application's classes.
 */
public interface HubMXBean {

    String getNodeId();

    int getConnections();

    int getSseConnections();

    int getSocketIoConnections();

    int getWebSocketConnections();

    /** Messages and events accepted by this node, all transports. */
    long getMessagesIn();

    /** Events written to this node's clients, all transports. */
    long getMessagesOut();

    int getOutboxDepth();

    /**
     * Sends a text message from sender {@code ops} to every client of the hub (every node in cluster mode).
     *
     * @return the message's id
     */
    String broadcastNotice(String text);

    /** @return whether a connection of that id was found and closed */
    boolean disconnect(String connectionId);

    /** One line per connection: {@code id transport remote-address connected-at rooms}. */
    String[] listConnections();
}
