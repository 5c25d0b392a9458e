package io.switchboard.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    @Test
    void theAcceptIsTheOneRfc6455Gives() {
        // RFC 6455 section 1.3's worked example.
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.accept(KEY));
    }

    @Test
    void aProperHandshakeIsTaken() {
        assertNull(Handshake.check("GET", "websocket", "Upgrade", "13", KEY));
        assertNull(Handshake.check("GET", "WebSocket", "keep-alive, Upgrade", " 13 ", KEY));
    }

    @Test
    void aPlainRequestIsToldToUpgrade() {
        Handshake.Refusal refusal = Handshake.check("GET", null, "keep-alive", null, null);
        assertEquals(426, refusal.status());
        assertEquals("upgrade_required", refusal.error());
        assertEquals(Map.of("Upgrade", "websocket"), refusal.headers());
    }

    @Test
    void anotherVersionIsToldWhichOneThisServerSpeaks() {
        Handshake.Refusal refusal = Handshake.check("GET", "websocket", "Upgrade", "8", KEY);
        assertEquals(426, refusal.status());
        assertEquals("unsupported_version", refusal.error());
        assertEquals(Map.of("Sec-WebSocket-Version", "13"), refusal.headers());
        assertEquals(426, Handshake.check("GET", "websocket", "Upgrade", null, KEY).status());
    }

    @Test
    void badHandshakesAreRefusedWith400() {
        assertEquals("bad_handshake", Handshake.check("POST", "websocket", "Upgrade", "13", KEY).error());
        assertEquals(400, Handshake.check("GET", "websocket", "keep-alive", "13", KEY).status());
        assertEquals(400, Handshake.check("GET", "websocket", null, "13", KEY).status());
        assertEquals(400, Handshake.check("GET", "websocket", "Upgrade", "13", null).status());
        assertEquals(400, Handshake.check("GET", "websocket", "Upgrade", "13", "not base64!").status());
        // Base64, but 15 bytes, not 16.
        assertEquals(400, Handshake.check("GET", "websocket", "Upgrade", "13", "dGhlIHNhbXBsZSBub25j").status());
    }
}
