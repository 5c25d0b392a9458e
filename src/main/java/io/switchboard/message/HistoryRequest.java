package io.switchboard.message;

/** A client's request for the events it missed: those after {@code since} that a follower of {@code channel} gets. */
public record HistoryRequest(String since, String channel) {
}
