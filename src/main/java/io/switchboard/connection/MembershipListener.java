package io.switchboard.connection;

/**
 * Told of every room change of every connection (presence). Called on the transport's thread, in order per
 * connection, with that connection's state locked: it must only note the change and return, never block or deliver.
 */
public interface MembershipListener {

    void changed(RoomMembership change);
}
