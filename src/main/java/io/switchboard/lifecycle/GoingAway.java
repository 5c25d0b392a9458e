package io.switchboard.lifecycle;

/** A client-facing transport that can say goodbye to its clients before the server goes away. */
public interface GoingAway {

    /**
     * Tells every client the server is going away and closes its connection, waiting a bounded time for the last
     * frames to be written. Idempotent; the transport keeps running for clients that connect afterwards.
     */
    void goingAway();
}
