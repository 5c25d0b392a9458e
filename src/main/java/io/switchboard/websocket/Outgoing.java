package io.switchboard.websocket;

import java.time.Instant;

/**
 * A text frame queued for one client, and when the event it carries was published ({@code null} for the hub's own
 * frames: welcome, acks), so its write can be counted as a delivery with its latency.
 */
record Outgoing(String text, Instant publishedAt) {

    static Outgoing control(String text) {
        return new Outgoing(text, null);
    }
}
