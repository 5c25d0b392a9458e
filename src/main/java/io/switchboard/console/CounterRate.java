package io.switchboard.console;

/**
 * The per-second rate of a counter that only grows (messages in, deliveries), from successive readings of its total.
 * The first reading has nothing to compare with and gives 0; a total lower than the previous one (a counter that
 * started again) gives 0 for that interval rather than a negative rate.
 */
final class CounterRate {

    private long lastTotal;
    private long lastNanos;
    private boolean primed;

    /**
     * @param total the counter's value now
     * @param nanos a monotonic time ({@link System#nanoTime()}) of the reading
     * @return events per second since the previous reading
     */
    double next(long total, long nanos) {
        if (!primed) {
            primed = true;
            lastTotal = total;
            lastNanos = nanos;
            return 0;
        }
        long elapsed = nanos - lastNanos;
        long added = total - lastTotal;
        lastTotal = total;
        lastNanos = nanos;
        if (elapsed <= 0 || added <= 0) {
            return 0;
        }
        return added * 1e9 / elapsed;
    }
}
