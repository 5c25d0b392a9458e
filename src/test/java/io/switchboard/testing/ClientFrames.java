package io.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.ThreadLocalRandom;

/** WebSocket frames as a client writes them (RFC 6455 5.2): masked, with a payload under 64 KB. */
public final class ClientFrames {

    private ClientFrames() {
    }

    /** @param head the first byte: FIN, the RSV bits and the opcode */
    public static byte[] masked(int head, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(head);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }
}
