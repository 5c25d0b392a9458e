package io.switchboard.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseReasonsTest {

    @Test
    void aClientThatDoesNotKeepUpViolatesThePolicy() {
        assertEquals(CloseCodes.VIOLATED_POLICY,
                CloseReasons.forDrop("queue full (1000 items): the client does not keep up").getCloseCode());
        assertEquals(CloseCodes.VIOLATED_POLICY,
                CloseReasons.forDrop("write failed: java.util.concurrent.TimeoutException").getCloseCode());
    }

    @Test
    void shutdownIsGoingAwayAndOtherFailuresAreUnexpected() {
        assertEquals(CloseCodes.GOING_AWAY, CloseReasons.forDrop(CloseReasons.SHUTTING_DOWN).getCloseCode());
        assertEquals(CloseCodes.UNEXPECTED_CONDITION,
                CloseReasons.forDrop("write failed: java.io.IOException: broken pipe").getCloseCode());
    }

    @Test
    void anOperatorsDisconnectIsANormalClosure() {
        assertEquals(CloseCodes.NORMAL_CLOSURE, CloseReasons.forDrop(CloseReasons.DISCONNECTED).getCloseCode());
    }

    @Test
    void anExpiredTokenViolatesThePolicyWithExactlyThatReason() {
        var reason = CloseReasons.forDrop(CloseReasons.TOKEN_EXPIRED);
        assertEquals(CloseCodes.VIOLATED_POLICY, reason.getCloseCode());
        assertEquals("token_expired", reason.getReasonPhrase());
    }

    @Test
    void reasonsFitACloseFrameWithoutSplittingACharacter() {
        String reason = CloseReasons.forDrop("queue full " + "\u20ac".repeat(100)).getReasonPhrase();
        int bytes = reason.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= CloseReasons.MAX_REASON_BYTES, bytes + " bytes");
        assertTrue(reason.endsWith("\u20ac..."), reason);
        assertEquals("short", CloseReasons.truncate("short"));
    }
}
