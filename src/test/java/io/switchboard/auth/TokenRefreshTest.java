package io.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Authenticator#refreshed}: what a fresh token sent over an open connection may replace. */
class TokenRefreshTest {

    private final Authenticator authenticator = new Authenticator(new AuthSettings(Optional.of(TestTokens.SECRET),
            Optional.empty(), Optional.empty(), Optional.of(TestTokens.ISSUER), Optional.of(TestTokens.AUDIENCE),
            true));

    private static String token(String subject, List<String> roles, List<String> channels, Instant exp) {
        return TestTokens.hmac(TestTokens.claims(subject, roles, channels).expirationTime(Date.from(exp)).build());
    }

    private Principal alice(Instant exp) {
        return authenticator.identify(token("alice", List.of("publish", "subscribe"), null, exp));
    }

    @Test
    void aVerifiedTokenCarriesItsExpiry() {
        Instant exp = Instant.now().plusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
        assertEquals(exp, alice(exp).expiresAt());
        assertEquals(null, Principal.OPEN.expiresAt());
        assertEquals(null, Principal.ANONYMOUS_SUBSCRIBER.expiresAt());
    }

    @Test
    void aFreshTokenOfTheSameSubjectReplacesExpiryRolesAndChannels() {
        Principal current = alice(Instant.now().plusSeconds(5));
        Instant later = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        Principal fresh = authenticator.refreshed(current, token("alice", List.of("subscribe"), List.of("ops-*"),
                later));
        assertEquals("alice", fresh.subject());
        assertEquals(later, fresh.expiresAt());
        assertEquals(Set.of(Role.SUBSCRIBE), fresh.roles());
        assertTrue(fresh.channels().allows("ops-1"));
        assertFalse(fresh.channels().allows("finance"));
    }

    @Test
    void theRoomsANewTokenDeniesAreTheOnesToLeave() {
        Principal narrower = authenticator.identify(token("alice", List.of("subscribe"), List.of("ops-*"),
                Instant.now().plusSeconds(60)));
        assertEquals(List.of("news"), Access.roomsDenied(narrower, List.of("ops-1", "news", "ops-2")));
        Principal noSubscribe = authenticator.identify(token("alice", List.of("publish"), null,
                Instant.now().plusSeconds(60)));
        assertEquals(List.of("ops-1", "news"), Access.roomsDenied(noSubscribe, List.of("ops-1", "news")));
        assertEquals(List.of(), Access.roomsDenied(alice(Instant.now().plusSeconds(60)), List.of("ops-1", "news")));
    }

    @Test
    void aTokenOfAnotherSubjectIsRefused() {
        Principal current = alice(Instant.now().plusSeconds(5));
        AccessDeniedException refused = assertThrows(AccessDeniedException.class, () -> authenticator.refreshed(
                current, token("mallory", List.of("publish", "subscribe", "admin"), null,
                        Instant.now().plusSeconds(3600))));
        assertEquals(AccessDeniedException.UNAUTHORIZED, refused.status());
        assertEquals("unauthorized", refused.error());
        assertTrue(refused.detail().contains("another subject"), refused.detail());
    }

    @Test
    void anExpiredTokenIsRefusedEvenWithinTheClockSkew() {
        Principal current = alice(Instant.now().plusSeconds(5));
        // Past its exp by less than the verifier's 60 s skew: it verifies, but would extend nothing.
        AccessDeniedException withinSkew = assertThrows(AccessDeniedException.class, () -> authenticator.refreshed(
                current, token("alice", List.of("subscribe"), null, Instant.now().minusSeconds(10))));
        assertEquals("unauthorized", withinSkew.error());
        assertTrue(withinSkew.detail().contains("Expired"), withinSkew.detail());
        AccessDeniedException longAgo = assertThrows(AccessDeniedException.class, () -> authenticator.refreshed(
                current, token("alice", List.of("subscribe"), null, Instant.now().minus(Duration.ofMinutes(5)))));
        assertEquals("unauthorized", longAgo.error());
    }

    @Test
    void aBadTokenIsRefusedAsAnywhereElse() {
        Principal current = alice(Instant.now().plusSeconds(5));
        String good = token("alice", List.of("subscribe"), null, Instant.now().plusSeconds(3600));
        for (String bad : new String[] {null, "", "not-a-token", TestTokens.hmac(TestTokens.claims("alice",
                List.of("subscribe"), null).build(), "not-the-configured-secret-0123456789abcdef"),
                good.substring(0, good.length() - 2)}) {
            AccessDeniedException refused = assertThrows(AccessDeniedException.class,
                    () -> authenticator.refreshed(current, bad));
            assertEquals(AccessDeniedException.UNAUTHORIZED, refused.status());
        }
    }

    @Test
    void anAnonymousSubscriberHasNoTokenToRefresh() {
        AccessDeniedException refused = assertThrows(AccessDeniedException.class, () -> authenticator.refreshed(
                Principal.ANONYMOUS_SUBSCRIBER, token("alice", List.of("subscribe"), null,
                        Instant.now().plusSeconds(3600))));
        assertEquals("unauthorized", refused.error());
    }

    @Test
    void anOpenHubHasNothingToRefresh() {
        Authenticator open = new Authenticator(AuthSettings.disabled());
        assertSame(Principal.OPEN, open.refreshed(Principal.OPEN, "anything"));
    }
}
