package io.switchboard.connection;

/** A transport that can close one of its connections on an operator's request (JMX {@code disconnect}). */
public interface Disconnectable {

    /**
     * Closes the connection of that id (as listed by {@link ConnectionRegistry}) if this transport holds it.
     *
     * @return whether this transport held it
     */
    boolean disconnect(String connectionId);
}
