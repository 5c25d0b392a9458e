package io.switchboard.ratelimit;

import io.switchboard.message.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code switchboard.ratelimit.*} limits: a token bucket per sender for REST (the token's subject, else the client
 * address) and one per connection for Socket.IO and WebSocket. A request over the limit is refused with 429
 * {@code rate_limited}; nothing is dropped silently and no connection is closed for it.
 */
@ApplicationScoped
public class RateLimits {

    public static final int TOO_MANY_REQUESTS = 429;

    /** Senders remembered at most; beyond, idle (full) buckets are forgotten first. */
    static final int MAX_SENDERS = 10_000;

    private double perSecond;
    private int burst;
    private final Map<String, TokenBucket> senders = new ConcurrentHashMap<>();

    @Inject
    public RateLimits(@ConfigProperty(name = "switchboard.ratelimit.rate", defaultValue = "100") double perSecond,
                      @ConfigProperty(name = "switchboard.ratelimit.burst", defaultValue = "1000") int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** For CDI's proxy only. */
    protected RateLimits() {
    }

    /** {@code rate} 0 turns the limits off. */
    public boolean enabled() {
        return perSecond > 0;
    }

    /** A bucket for one connection (it lives and dies with it), or {@code null} when limits are off. */
    public TokenBucket newBucket() {
        return enabled() ? new TokenBucket(perSecond, burst) : null;
    }

    /** @throws InvalidInputException 429 when {@code sender} is over its rate */
    public void checkSender(String sender) {
        if (!enabled()) {
            return;
        }
        if (senders.size() >= MAX_SENDERS) {
            senders.values().removeIf(TokenBucket::isFull);
        }
        take(senders.computeIfAbsent(sender, key -> new TokenBucket(perSecond, burst)));
    }

    /** @throws InvalidInputException 429 when the connection's {@code bucket} (may be null: no limit) is empty */
    public void take(TokenBucket bucket) {
        if (bucket != null && !bucket.tryTake()) {
            throw new InvalidInputException(TOO_MANY_REQUESTS, "rate_limited", null,
                    "too many requests: at most " + perSecond + " per second after a burst of " + burst
                            + "; slow down and retry");
        }
    }
}
