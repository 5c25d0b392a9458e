package io.switchboard.system;

/** An open SSE connection whose frames are collected in a {@link FrameLog}. */
interface SseClient extends AutoCloseable {

    FrameLog frames();

    @Override
    void close();
}
