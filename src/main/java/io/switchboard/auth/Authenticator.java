package io.switchboard.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who a request comes from, for every transport: with no key configured everyone is {@link Principal#OPEN} (and the
 * log says so at startup); otherwise a request needs a valid token, except a subscription when anonymous
 * subscription is allowed.
 */
@ApplicationScoped
public class Authenticator {

    private static final Logger LOG = Logger.getLogger(Authenticator.class.getName());

    @Inject
    @ConfigProperty(name = "switchboard.auth.jwt.secret")
    Optional<String> secret;

    @Inject
    @ConfigProperty(name = "switchboard.auth.jwt.public-key")
    Optional<String> publicKey;

    @Inject
    @ConfigProperty(name = "switchboard.auth.jwt.jwks-url")
    Optional<String> jwksUrl;

    @Inject
    @ConfigProperty(name = "switchboard.auth.jwt.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "switchboard.auth.jwt.audience")
    Optional<String> audience;

    @Inject
    @ConfigProperty(name = "switchboard.auth.anonymous-subscribe", defaultValue = "false")
    boolean anonymousSubscribe;

    private AuthSettings settings;
    private TokenVerifier verifier;

    public Authenticator() {
    }

    /** Outside CDI (unit tests, the Socket.IO engine's own tests). */
    public Authenticator(AuthSettings settings) {
        use(settings);
    }

    @PostConstruct
    void init() {
        use(new AuthSettings(secret, publicKey, jwksUrl, issuer, audience, anonymousSubscribe));
    }

    private void use(AuthSettings configured) {
        settings = configured;
        verifier = configured.enabled() ? new TokenVerifier(configured) : null;
    }

    void announce(@Observes Startup startup) {
        if (!settings.enabled()) {
            LOG.warning("Authentication is DISABLED: no switchboard.auth.jwt.secret, public-key or jwks-url is set, "
                    + "so anyone who reaches this hub may publish, subscribe and manage it");
        } else {
            LOG.info(() -> "Authentication enabled: JWT keys from" + (settings.secret().isPresent() ? " secret" : "")
                    + (settings.publicKey().isPresent() ? " public-key" : "")
                    + (settings.jwksUrl().isPresent() ? " jwks-url" : "")
                    + "; anonymous subscription " + (settings.anonymousSubscribe() ? "allowed" : "refused"));
        }
    }

    public boolean enabled() {
        return verifier != null;
    }

    /** The holder of {@code token} (may be null) for anything but subscribing. */
    public Principal identify(String token) {
        return enabled() ? verifier.verify(token) : Principal.OPEN;
    }

    /**
     * The principal of an open connection that sent {@code token} to replace its own: the same subject, with the new
     * token's roles, channels and expiry. The verifier tolerates 60 s of clock skew at {@code exp}, as when a
     * connection opens; a refresh must still expire later than now, or it would extend nothing.
     *
     * @param current the connection's principal now; returned as it is on an open hub, where nothing expires
     * @throws AccessDeniedException 401, as for a bad token anywhere: the token does not verify, names another
     *         subject, has expired, or the connection has no subject of its own (an anonymous subscriber)
     */
    public Principal refreshed(Principal current, String token) {
        if (!enabled()) {
            return current;
        }
        if (!current.isAuthenticated()) {
            throw AccessDeniedException.unauthorized(
                    "this connection was opened without a token, so it has none to refresh; reconnect with one");
        }
        Principal fresh = verifier.verify(token);
        if (!fresh.subject().equals(current.subject())) {
            throw AccessDeniedException.unauthorized("the token is for another subject than this connection's");
        }
        if (fresh.expiresAt() == null || !fresh.expiresAt().isAfter(Instant.now())) {
            throw AccessDeniedException.unauthorized("invalid token: Expired JWT");
        }
        return fresh;
    }

    /** The holder of {@code token} for a subscription: a missing token may mean an anonymous subscriber. */
    public Principal subscriber(String token) {
        if (enabled() && (token == null || token.isBlank()) && settings.anonymousSubscribe()) {
            return Principal.ANONYMOUS_SUBSCRIBER;
        }
        return identify(token);
    }
}
