package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.corundumstudio.socketio.Transport;
import org.junit.jupiter.api.Test;

class BareConnectCompletionTest {

    @Test
    void aBareConnectGetsAnEmptyPayloadAndNothingElseChanges() {
        assertEquals("40{}", BareConnectCompletion.complete("40", Transport.WEBSOCKET));
        assertEquals("40{\"token\":\"t\"}", BareConnectCompletion.complete("40{\"token\":\"t\"}", Transport.WEBSOCKET));
        assertEquals("2", BareConnectCompletion.complete("2", Transport.WEBSOCKET));
        assertEquals("40/admin,", BareConnectCompletion.complete("40/admin,", Transport.WEBSOCKET));
        assertEquals("40{}\u001e42[\"x\"]", BareConnectCompletion.complete("40\u001e42[\"x\"]", Transport.POLLING));
        assertEquals("42[\"40\"]", BareConnectCompletion.complete("42[\"40\"]", Transport.POLLING));
    }
}
