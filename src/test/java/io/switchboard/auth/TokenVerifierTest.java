package io.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import io.switchboard.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static final TestTokens TOKENS = new TestTokens();

    private final TokenVerifier verifier = new TokenVerifier(new AuthSettings(Optional.of(TestTokens.SECRET),
            Optional.of(TOKENS.rsaPublicKeyPem()), Optional.empty(), Optional.of(TestTokens.ISSUER),
            Optional.of(TestTokens.AUDIENCE), false));

    private static JWTClaimsSet claims(List<String> roles) {
        return TestTokens.claims("alice", roles, null).build();
    }

    @Test
    void acceptsHmacAndRsaTokensAndReadsTheirClaims() {
        Principal hmac = verifier.verify(TestTokens.hmac(claims(List.of("publish", "subscribe"))));
        assertEquals("alice", hmac.subject());
        assertEquals(Set.of(Role.PUBLISH, Role.SUBSCRIBE), hmac.roles());
        assertTrue(hmac.channels().allowsEverything());

        Principal rsa = verifier.verify(TOKENS.rsa(claims(List.of("admin"))));
        assertEquals(Set.of(Role.ADMIN), rsa.roles());
    }

    @Test
    void acceptsAScopeStringAndChannelPatterns() {
        JWTClaimsSet claims = TestTokens.claims("bob", null, List.of("ops-*", "news"))
                .claim("scope", "openid subscribe publish").build();
        Principal bob = verifier.verify(TestTokens.hmac(claims));
        assertEquals(Set.of(Role.PUBLISH, Role.SUBSCRIBE), bob.roles());
        assertTrue(bob.channels().allows("ops-eu"));
        assertTrue(bob.channels().allows("news"));
        assertFalse(bob.channels().allows("newsroom"));
        assertFalse(bob.channels().allowsEverything());
    }

    @Test
    void refusesUnsignedExpiredForgedAndForeignTokens() {
        JWTClaimsSet good = claims(List.of("publish"));
        assertUnauthorized(TestTokens.unsigned(good));
        assertUnauthorized(TestTokens.hmac(TestTokens.claims("alice", List.of("publish"), null)
                .expirationTime(TestTokens.past(Duration.ofMinutes(5))).build()));
        assertUnauthorized(TestTokens.hmac(good, "another-secret-of-enough-length-0123456789"));
        assertUnauthorized(TestTokens.tampered(good));
        assertUnauthorized(TestTokens.rsaWithForeignKey(good));
        assertUnauthorized(TestTokens.hmac(TestTokens.claims("alice", List.of("publish"), null)
                .audience("someone-else").build()));
        assertUnauthorized(TestTokens.hmac(TestTokens.claims("alice", List.of("publish"), null)
                .issuer("https://evil.test").build()));
        assertUnauthorized(TestTokens.hmac(new JWTClaimsSet.Builder(good).expirationTime(null).build()));
        assertUnauthorized(TestTokens.hmac(new JWTClaimsSet.Builder(good).subject(null).build()));
        assertUnauthorized("not.a.jwt");
        assertUnauthorized("");
        assertUnauthorized(null);
    }

    @Test
    void anHmacSecretCannotVerifyAnRsaAlgorithmAndViceVersa() {
        TokenVerifier hmacOnly = new TokenVerifier(new AuthSettings(Optional.of(TestTokens.SECRET), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false));
        assertThrows(AccessDeniedException.class, () -> hmacOnly.verify(TOKENS.rsa(claims(List.of("publish")))));
    }

    @Test
    void verifiesAgainstTheKeysOfAJwksUrl() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String jwks = new JWKSet(new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID("k1").build()).toString();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", exchange -> {
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            TokenVerifier viaJwks = new TokenVerifier(new AuthSettings(Optional.empty(), Optional.empty(),
                    Optional.of("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks"), Optional.empty(),
                    Optional.empty(), false));
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                    claims(List.of("subscribe")));
            jwt.sign(new RSASSASigner(pair.getPrivate()));
            assertEquals("alice", viaJwks.verify(jwt.serialize()).subject());
            assertThrows(AccessDeniedException.class, () -> viaJwks.verify(TOKENS.rsa(claims(List.of("admin")))));
            assertThrows(AccessDeniedException.class, () -> viaJwks.verify(TestTokens.hmac(claims(List.of("admin")))));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aShortSecretIsRefusedAtStartup() {
        assertThrows(IllegalArgumentException.class, () -> new AuthSettings(Optional.of("short"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false));
    }

    private void assertUnauthorized(String token) {
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> verifier.verify(token));
        assertEquals(401, e.status());
        assertEquals("unauthorized", e.error());
    }
}
