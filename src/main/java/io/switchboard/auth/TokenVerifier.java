package io.switchboard.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one verifier of every transport: checks a JWT's signature against the configured keys, its expiry, issuer and
 * audience, and turns its claims into a {@link Principal}. Unsigned ({@code alg: none}) tokens never pass: the
 * processor rejects plain JWTs, and only signature algorithms of a configured key's kind select a key.
 */
public final class TokenVerifier {

    /** Longest token considered; a JWT is a few hundred bytes, this only stops pathological input early. */
    static final int MAX_TOKEN_LENGTH = 8192;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public TokenVerifier(AuthSettings settings) {
        SecretKey secret = settings.secret()
                .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).orElse(null);
        PublicKey publicKey = settings.publicKey().map(PemKeys::publicKey).orElse(null);
        JWSKeySelector<SecurityContext> jwks = settings.jwksUrl().map(TokenVerifier::jwksSelector).orElse(null);
        processor.setJWSKeySelector(new ConfiguredKeys(secret, publicKey, jwks));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        settings.issuer().ifPresent(exact::issuer);
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(settings.audience().orElse(null),
                exact.build(), Set.of("sub", "exp")));
    }

    /** @throws AccessDeniedException 401 when the token is missing, malformed, unsigned, expired or not ours */
    public Principal verify(String token) {
        if (token == null || token.isBlank()) {
            throw AccessDeniedException.unauthorized("a bearer token is required");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw AccessDeniedException.unauthorized("the token is too long");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token.trim(), null);
        } catch (ParseException e) {
            throw AccessDeniedException.unauthorized("the token is not a JWT");
        } catch (BadJOSEException e) {
            // Nimbus's messages name the failed check (expired, audience, signature) without echoing the token.
            throw AccessDeniedException.unauthorized("invalid token: " + e.getMessage());
        } catch (JOSEException e) {
            throw AccessDeniedException.unauthorized("the token could not be verified");
        }
        return principalOf(claims);
    }

    static Principal principalOf(JWTClaimsSet claims) {
        try {
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank() || subject.length() > 100
                    || subject.chars().anyMatch(Character::isISOControl)) {
                throw AccessDeniedException.unauthorized("the token's 'sub' must be 1 to 100 characters");
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            List<String> listed = claims.getStringListClaim("roles");
            if (listed != null) {
                listed.forEach(word -> Role.fromWire(word).ifPresent(roles::add));
            }
            String scope = claims.getStringClaim("scope");
            if (scope != null) {
                for (String word : scope.trim().split("\\s+")) {
                    Role.fromWire(word).ifPresent(roles::add);
                }
            }
            return new Principal(subject, roles, ChannelPatterns.of(claims.getStringListClaim("channels")),
                    claims.getExpirationTime() == null ? null : claims.getExpirationTime().toInstant());
        } catch (ParseException e) {
            throw AccessDeniedException.unauthorized("the token's 'roles', 'scope' or 'channels' claim has the wrong type");
        }
    }

    private static JWSKeySelector<SecurityContext> jwksSelector(String url) {
        JWKSource<SecurityContext> source;
        try {
            source = JWKSourceBuilder.create(URI.create(url).toURL()).retrying(true).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("switchboard.auth.jwt.jwks-url is not a URL: " + url, e);
        }
        Set<JWSAlgorithm> algorithms = new HashSet<>(JWSAlgorithm.Family.RSA);
        algorithms.addAll(JWSAlgorithm.Family.EC);
        return new JWSVerificationKeySelector<>(algorithms, source);
    }

    /** Offers, for a token's algorithm, only a configured key of that kind; nothing for others (and for none). */
    private record ConfiguredKeys(SecretKey secret, PublicKey publicKey, JWSKeySelector<SecurityContext> jwks)
            implements JWSKeySelector<SecurityContext> {

        @Override
        public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
            JWSAlgorithm algorithm = header.getAlgorithm();
            List<Key> keys = new ArrayList<>();
            if (secret != null && JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
                keys.add(secret);
            }
            if (publicKey instanceof RSAPublicKey && JWSAlgorithm.Family.RSA.contains(algorithm)) {
                keys.add(publicKey);
            }
            if (publicKey instanceof ECPublicKey && JWSAlgorithm.Family.EC.contains(algorithm)) {
                keys.add(publicKey);
            }
            if (keys.isEmpty() && jwks != null) {
                keys.addAll(jwks.selectJWSKeys(header, context));
            }
            return keys;
        }
    }
}
