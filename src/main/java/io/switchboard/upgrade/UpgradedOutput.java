package io.switchboard.upgrade;

import java.io.IOException;

/**
 * Where the bytes of a Socket.IO WebSocket on the app server's port go out, once the container has upgraded the
 * connection. Non-blocking, as the Servlet API's output: {@link #isReady()} says whether a write may go now, and when
 * it says no, the owner's "writable" callback runs once the connection can take more.
 */
public interface UpgradedOutput {

    /** Whether a write may go now; if not, the writable callback follows once it may. */
    boolean isReady() throws IOException;

    /** Writes {@code bytes} (the caller gives them up) and sends them as soon as the connection takes them. */
    void write(byte[] bytes) throws IOException;
}
