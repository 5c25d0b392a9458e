package io.switchboard.connection;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The node's one {@link TokenExpiry}, on the container's managed scheduler (its threads are the server's, so nothing
 * is left running at undeploy); its timers are cancelled when the application stops.
 */
@ApplicationScoped
public class TokenExpiryProducer {

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Produces
    @Singleton
    TokenExpiry tokenExpiry() {
        return new TokenExpiry(scheduler, Clock.systemUTC());
    }

    void stop(@Disposes TokenExpiry expiry) {
        expiry.stop();
    }
}
