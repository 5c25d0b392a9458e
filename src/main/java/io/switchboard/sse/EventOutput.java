package io.switchboard.sse;

import java.io.IOException;

/** Where an SSE client's bytes go: a stream in non-blocking mode, which says when it takes more. */
interface EventOutput {

    /** Whether a write (or flush) may be made now; when not, the output calls its writable callback once it may. */
    boolean isReady();

    void write(byte[] bytes) throws IOException;

    void flush() throws IOException;

    /** Ends the response; bytes written before go out first. */
    void complete();
}
