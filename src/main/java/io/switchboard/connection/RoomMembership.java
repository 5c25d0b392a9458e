package io.switchboard.connection;

/**
 * A connection entered or left a room (for SSE: the channel it follows), as {@link ConnectionRegistry} tells its
 * {@link MembershipListener}s. Every join of a connection is followed by exactly one leave, whatever way it ends.
 *
 * @param user who the connection is: its token's subject, else the name it gave, else {@code null}
 */
public record RoomMembership(boolean joined, String connectionId, String room, String user, String transport) {
}
