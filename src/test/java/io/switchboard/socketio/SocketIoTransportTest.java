package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.connection.ClientAddresses;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.message.MessageValidator;
import io.switchboard.testing.SocketIoTestClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@code /api/health} learns from the transport: up once listening, DOWN (not an exception) when it cannot. */
@Timeout(30)
class SocketIoTransportTest {

    @Test
    void upWhileListeningAndDownAfterStop() {
        SocketIoTransport transport = transport(SocketIoTestClient.freePort());

        transport.start();
        assertTrue(transport.isUp());
        assertEquals("socketio", transport.name());
        assertEquals(0, transport.connections());

        transport.stop();
        assertFalse(transport.isUp());
    }

    @Test
    void aTakenPortLeavesItDownInsteadOfFailingTheNode() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            SocketIoTransport transport = transport(taken.getLocalPort());

            transport.start();

            assertFalse(transport.isUp());
            transport.stop();
        }
    }

    private static SocketIoTransport transport(int port) {
        SocketIoTransport transport = new SocketIoTransport();
        transport.settings = new SocketIoSettings("127.0.0.1", port, List.of(), 25000, 20000, 1_000_000);
        transport.validator = new MessageValidator(1024);
        transport.registry = new ConnectionRegistry();
        transport.addresses = ClientAddresses.trustingNoProxy();
        return transport;
    }
}
