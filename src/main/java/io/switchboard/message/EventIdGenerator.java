package io.switchboard.message;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Hands out strictly increasing event ids, even when the clock stands still or steps back. */
@ApplicationScoped
public class EventIdGenerator {

    private final Clock clock;
    private long lastMillis = -1;
    private long sequence;

    public EventIdGenerator() {
        this(Clock.systemUTC());
    }

    public EventIdGenerator(Clock clock) {
        this.clock = clock;
    }

    public synchronized EventId next() {
        long now = clock.millis();
        if (now > lastMillis) {
            lastMillis = now;
            sequence = 0;
        } else {
            sequence++;
        }
        return new EventId(lastMillis, sequence);
    }
}
