package io.switchboard.metrics;

import java.util.Optional;

/**
 * Why a transport dropped a client, as a metric label. Only the drops the server decided count: a client that went
 * away by itself, or the server shutting down, is no drop. The reasons are the texts a client's {@code Mailbox}
 * closes with.
 */
public enum DropCause {
    /** Its queue filled up, or a write timed out: the client does not keep up. */
    SLOW_CLIENT("slow_client"),
    /** A write to it failed otherwise. */
    WRITE_FAILED("write_failed");

    private final String label;

    DropCause(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<DropCause> of(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        if (reason.startsWith("queue full") || (reason.startsWith("write failed") && reason.contains("TimeoutException"))) {
            return Optional.of(SLOW_CLIENT);
        }
        if (reason.startsWith("write failed") || reason.startsWith("no writer thread")) {
            return Optional.of(WRITE_FAILED);
        }
        return Optional.empty();
    }
}
