package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.Test;

class EngineIoRulesTest {

    @Test
    void acceptsWhatEngineIo4ClientsSend() {
        assertNull(check("GET", "EIO=4&transport=polling&t=abc"));
        assertNull(check("GET", "EIO=4&transport=websocket"));
        String sid = "sid=" + java.util.UUID.randomUUID();
        assertNull(check("POST", "EIO=4&transport=polling&" + sid));
        assertNull(check("GET", "EIO=4&transport=websocket&" + sid));
        assertNull(check("OPTIONS", "EIO=4&transport=polling"));
    }

    @Test
    void refusesTheRest() {
        String sid = "sid=" + java.util.UUID.randomUUID();
        assertEquals(EngineIoRules.SESSION_UNKNOWN, check("GET", "EIO=4&transport=polling&sid=not-a-session-id"));
        assertEquals(EngineIoRules.SESSION_UNKNOWN, check("GET", "EIO=4&transport=websocket&sid=x"));
        assertEquals(EngineIoRules.UNSUPPORTED_PROTOCOL, check("GET", "transport=polling"));
        assertEquals(EngineIoRules.UNSUPPORTED_PROTOCOL, check("GET", "EIO=3&transport=polling"));
        assertEquals(EngineIoRules.TRANSPORT_UNKNOWN, check("GET", "EIO=4&transport=flash"));
        assertEquals(EngineIoRules.TRANSPORT_UNKNOWN, check("GET", "EIO=4"));
        assertEquals(EngineIoRules.BAD_HANDSHAKE_METHOD, check("POST", "EIO=4&transport=polling"));
        assertEquals(EngineIoRules.BAD_REQUEST, check("POST", "EIO=4&transport=websocket&" + sid));
        assertEquals(EngineIoRules.BAD_REQUEST, check("DELETE", "EIO=4&transport=polling&" + sid));
        assertEquals("{\"code\":5,\"message\":\"Unsupported protocol version\"}",
                EngineIoRules.UNSUPPORTED_PROTOCOL.toJson());
    }

    private static EngineIoRules.Refusal check(String method, String query) {
        return EngineIoRules.check(method, new QueryStringDecoder("/ws/chat/?" + query).parameters());
    }
}
