package io.switchboard.upgrade;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The app server's Socket.IO WebSockets open now, by the way their bytes go out: Grizzly's transport writer
 * ({@link GrizzlyUpgradedOutput}) or the servlet stream ({@link ServletUpgradedOutput}). In {@code /api/health}, so
 * ops can see which path a listener takes (HTTPS and WildFly take the servlet stream).
 */
public final class UpgradedOutputCounts {

    private final AtomicInteger grizzly = new AtomicInteger();
    private final AtomicInteger servlet = new AtomicInteger();

    void opened(UpgradedOutput output) {
        counter(output).incrementAndGet();
    }

    void closed(UpgradedOutput output) {
        counter(output).decrementAndGet();
    }

    public int grizzly() {
        return grizzly.get();
    }

    public int servlet() {
        return servlet.get();
    }

    private AtomicInteger counter(UpgradedOutput output) {
        return output instanceof GrizzlyUpgradedOutput ? grizzly : servlet;
    }
}
