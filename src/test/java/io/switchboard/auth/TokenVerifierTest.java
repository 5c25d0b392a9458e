package io.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
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
