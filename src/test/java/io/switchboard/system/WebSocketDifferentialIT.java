package io.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.ClientFrames;
import io.switchboard.testing.NodeReference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 6455 framing of {@code /ws/messages} against the reference: the same raw client frames go to Switchboard and to
 * a Node server on the {@code ws} package (the WebSocket library engine.io runs on; {@code
 * src/test/js/ref-ws-server.mjs}, with the same message limit), and both must answer alike: the same close code, or
 * the same pong.
 */
class WebSocketDifferentialIT extends SystemTestBase {

    /** Twice {@code switchboard.message.max-bytes}' default: the largest message either server takes in. */
    private static final int LIMIT = 2 * 1_048_576;
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private static NodeReference reference;

    @BeforeAll
    static void startReference() throws Exception {
        assumeTrue(NodeReference.nodeAvailable(), "Node.js is needed for the reference server");
        reference = NodeReference.start("ref-ws-server.mjs", String.valueOf(LIMIT));
    }

    @AfterAll
    static void stopReference() {
        if (reference != null) {
            reference.close();
        }
    }

    static Stream<Arguments> frames() {
        return Stream.of(
                Arguments.of("an unmasked frame", new byte[] {(byte) 0x81, 0x02, 'h', 'i'}),
                Arguments.of("a reserved bit set", ClientFrames.masked(0xC1, ascii("hi"))),
                Arguments.of("a reserved opcode", ClientFrames.masked(0x83, ascii("hi"))),
                Arguments.of("a continuation with nothing to continue", ClientFrames.masked(0x80, ascii("hi"))),
                Arguments.of("a new message inside a fragmented one", concat(ClientFrames.masked(0x01, ascii("a")),
                        ClientFrames.masked(0x81, ascii("b")))),
                Arguments.of("a fragmented ping", ClientFrames.masked(0x09, ascii("hi"))),
                Arguments.of("a ping over 125 bytes", ClientFrames.masked(0x89, new byte[126])),
                Arguments.of("text that is not UTF-8", ClientFrames.masked(0x81, new byte[] {(byte) 0xff, (byte) 0xfe})),
                Arguments.of("a close frame with a one-byte body", ClientFrames.masked(0x88, new byte[] {0x03})),
                Arguments.of("a close frame with code 999", ClientFrames.masked(0x88, new byte[] {0x03, (byte) 0xe7})),
                Arguments.of("a close frame with code 1000", ClientFrames.masked(0x88, new byte[] {0x03, (byte) 0xe8})),
                Arguments.of("a close frame without a code", ClientFrames.masked(0x88, new byte[0])),
                Arguments.of("a ping", ClientFrames.masked(0x89, ascii("abc"))),
                Arguments.of("a frame over the limit", oversizedHead()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void bothServersAnswerAlike(String description, byte[] frames) throws Exception {
        String expected = answer(reference.port(), frames);
        String actual = answer(api.base().getPort(), frames);
        assertTrue(expected.startsWith("close ") || expected.startsWith("pong "), "reference: " + expected);
        assertEquals(expected, actual, description);
    }

    /** Opens a connection, sends {@code frames}, and tells what comes back first that is not a text frame. */
    private static String answer(int port, byte[] frames) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            out.write(("GET /ws/messages HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = SourcedConnection.readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 101"), port + " answered " + head);
            try {
                out.write(frames);
                out.flush();
            } catch (IOException e) {
                // Closed while the rest was on its way (the oversized frame): what it answered is still to be read.
            }
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return "closed without a close frame";
                }
                int opcode = first & 0x0f;
                byte[] payload = payload(in);
                if (opcode == 0x8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    return "close " + code;
                }
                if (opcode == 0xA) {
                    return "pong " + new String(payload, StandardCharsets.UTF_8);
                }
                // Switchboard's welcome, or any other text frame: not what this test compares.
            }
        } catch (SocketTimeoutException e) {
            return "no answer in " + READ_TIMEOUT_MILLIS + " ms";
        }
    }

    /** A server frame's payload (unmasked; lengths of 7, 16 or 64 bits). */
    private static byte[] payload(InputStream in) throws IOException {
        long length = in.read() & 0x7f;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | in.read();
            }
        }
        return in.readNBytes((int) length);
    }

    /** The head of a text frame one byte over the limit, and the first KB of its payload. */
    private static byte[] oversizedHead() {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | 127);
        long length = LIMIT + 1L;
        for (int shift = 56; shift >= 0; shift -= 8) {
            frame.write((int) (length >> shift) & 0xff);
        }
        frame.writeBytes(new byte[] {1, 2, 3, 4});
        frame.writeBytes(new byte[1024]);
        return frame.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
