package io.switchboard.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code switchboard.auth.*} keys. Authentication is on as soon as one key source is configured: an HMAC secret,
 * a PEM public key, or a JWKS URL (any combination; a token's {@code alg} picks the key).
 *
 * @param secret HMAC secret (UTF-8 bytes), at least 32 bytes: HS256 needs a 256-bit key
 */
public record AuthSettings(Optional<String> secret, Optional<String> publicKey, Optional<String> jwksUrl,
                           Optional<String> issuer, Optional<String> audience, boolean anonymousSubscribe) {

    static final int MIN_SECRET_BYTES = 32;

    public AuthSettings {
        secret = blankToEmpty(secret);
        publicKey = blankToEmpty(publicKey);
        jwksUrl = blankToEmpty(jwksUrl);
        issuer = blankToEmpty(issuer);
        audience = blankToEmpty(audience);
        // Refuse a weak secret at startup rather than run with it: the operator asked for authentication.
        if (secret.isPresent() && secret.get().getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("switchboard.auth.jwt.secret must be at least " + MIN_SECRET_BYTES
                    + " bytes (HS256 needs a 256-bit key)");
        }
    }

    public static AuthSettings disabled() {
        return new AuthSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    public boolean enabled() {
        return secret.isPresent() || publicKey.isPresent() || jwksUrl.isPresent();
    }

    private static Optional<String> blankToEmpty(Optional<String> value) {
        return value == null ? Optional.empty() : value.map(String::trim).filter(v -> !v.isEmpty());
    }
}
