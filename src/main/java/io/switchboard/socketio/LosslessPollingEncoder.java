package io.switchboard.socketio;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.protocol.JsonSupport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Queue;

/**
 * netty-socketio's packet encoder without its loss over long-polling. It answers a poll with at most 50 of the
 * session's waiting packets, but takes the 51st off the queue before it sees the limit, and drops it: a polling client
 * that has more than 50 packets waiting (any burst) loses one in every 51, silently. Here the queue is handed over
 * behind a view that stops giving packets at the limit, so the rest stay queued for the next poll.
 */
final class LosslessPollingEncoder extends PacketEncoder {

    LosslessPollingEncoder(Configuration configuration, JsonSupport jsonSupport) {
        super(configuration, jsonSupport);
    }

    @Override
    public void encodePackets(Queue<Packet> packets, ByteBuf buffer, ByteBufAllocator allocator, int limit)
            throws IOException {
        super.encodePackets(new AtMost(packets, limit), buffer, allocator, limit);
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
