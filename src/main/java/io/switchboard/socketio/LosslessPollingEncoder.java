package io.switchboard.socketio;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.protocol.JsonSupport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.util.AbstractQueue;
import java.util.Base64;
import java.util.Iterator;
import java.util.Queue;

/**
 * netty-socketio's packet encoder without its loss over long-polling, and with binary attachments in Engine.IO v4's
 * polling format (see {@link #encodePackets}). It answers a poll with at most 50 of the
 * session's waiting packets, but takes the 51st off the queue before it sees the limit, and drops it: a polling client
 * that has more than 50 packets waiting (any burst) loses one in every 51, silently. Here the queue is handed over
 * behind a view that stops giving packets at the limit, so the rest stay queued for the next poll.
 */
final class LosslessPollingEncoder extends PacketEncoder {

    private static final byte SEPARATOR = 0x1e;

    LosslessPollingEncoder(Configuration configuration, JsonSupport jsonSupport) {
        super(configuration, jsonSupport);
    }

    /**
     * Each packet, and after a binary one its attachments as Engine.IO v4 polling has them: {@code b} and the bytes in
     * base64, each a packet of its own behind the separator. netty-socketio writes them in Engine.IO v3's binary
     * framing ({@code 0x01}, length digits, {@code 0xff}, {@code 0x04}, bytes) with no separator, which a v4 client
     * reads as one garbled packet.
     */
    @Override
    public void encodePackets(Queue<Packet> packets, ByteBuf buffer, ByteBufAllocator allocator, int limit)
            throws IOException {
        Queue<Packet> atMost = new AtMost(packets, limit);
        boolean first = true;
        for (Packet packet = atMost.poll(); packet != null; packet = atMost.poll()) {
            if (!first) {
                buffer.writeByte(SEPARATOR);
            }
            first = false;
            encodePacket(packet, buffer, allocator, false);
            for (ByteBuf attachment : packet.getAttachments()) {
                buffer.writeByte(SEPARATOR);
                buffer.writeByte('b');
                buffer.writeBytes(Base64.getEncoder().encode(ByteBufUtil.getBytes(attachment)));
            }
        }
    }

    @Override
    public void encodeJsonP(Integer jsonpIndex, Queue<Packet> packets, ByteBuf out, ByteBufAllocator allocator,
                            int limit) throws IOException {
        super.encodeJsonP(jsonpIndex, new AtMost(packets, limit), out, allocator, limit);
    }

    /** The queue, as far as taking from it goes, with only its first {@code limit} packets. */
    private static final class AtMost extends AbstractQueue<Packet> {

        private final Queue<Packet> queue;
        private int left;

        AtMost(Queue<Packet> queue, int limit) {
            this.queue = queue;
            this.left = limit;
        }

        @Override
        public Packet poll() {
            if (left <= 0) {
                return null;
            }
            Packet packet = queue.poll();
            if (packet != null) {
                left--;
            }
            return packet;
        }

        @Override
        public Packet peek() {
            return left <= 0 ? null : queue.peek();
        }

        @Override
        public boolean offer(Packet packet) {
            return queue.offer(packet);
        }

        @Override
        public Iterator<Packet> iterator() {
            return queue.iterator();
        }

        @Override
        public int size() {
            return Math.min(left, queue.size());
        }
    }
}
