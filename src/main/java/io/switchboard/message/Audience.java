package io.switchboard.message;

/** Who receives an event: the followers of its channel, or every client whatever it follows. */
public enum Audience {
    CHANNEL, EVERYONE
}
