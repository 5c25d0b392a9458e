package io.switchboard.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How often the console's figures are sampled and over how long the latency quantiles are taken. A node's figures
 * in Redis count as stale after five intervals (at least five seconds): long enough for a busy node's late tick, short
 * enough for a dead node to leave the list within seconds.
 */
@ApplicationScoped
public class FigureSettings {

    static final String INTERVAL = "switchboard.console.figures-interval";
    static final String WINDOW = "switchboard.console.latency-window";
    private static final long MAX_RECENT_FRAMES = 600;

    private long intervalMillis;
    private long windowSeconds;

    /** For CDI's proxy only. */
    protected FigureSettings() {
    }

    @Inject
    public FigureSettings(@ConfigProperty(name = INTERVAL, defaultValue = "1000") long intervalMillis,
                          @ConfigProperty(name = WINDOW, defaultValue = "300") long windowSeconds) {
        if (intervalMillis < 100 || intervalMillis > 60_000) {
            throw new IllegalArgumentException(INTERVAL + " must be 100 to 60000 ms, not " + intervalMillis);
        }
        if (windowSeconds * 1000 < intervalMillis || windowSeconds > 3600) {
            throw new IllegalArgumentException(WINDOW + " must be one interval to 3600 s, not " + windowSeconds);
        }
        this.intervalMillis = intervalMillis;
        this.windowSeconds = windowSeconds;
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    public long windowSeconds() {
        return windowSeconds;
    }

    public long staleMillis() {
        return Math.max(5000, 5 * intervalMillis);
    }

    /** Frames replayed to a new follower: the latency window's worth, at most {@value #MAX_RECENT_FRAMES}. */
    public int recentFrames() {
        return (int) Math.min(MAX_RECENT_FRAMES, windowSeconds * 1000 / intervalMillis);
    }
}
