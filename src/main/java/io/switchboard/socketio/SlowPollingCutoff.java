package io.switchboard.socketio;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.transport.NamespaceClient;
import java.util.Iterator;
import java.util.Queue;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Bounds the packets a Socket.IO session on long-polling may have waiting. netty-socketio keeps them in the session's
 * own queue ({@code ClientHead}'s polling {@code TransportState}), without limit, until the client polls, and answers a
 * poll with at most 50 of them: a client that polls rarely, or stops polling while still answering pings over
 * another request, keeps everything it is sent in the server's memory. No Netty channel carries those packets until a
 * poll comes, so no pipeline handler sees them; they are counted here, after each delivery, for the polling sessions
 * it reached. A session with more than {@code maxPackets} waiting is closed, as the other transports drop a client
 * that does not keep up, with a reason {@code DropCause} counts as {@code slow_client}.
 */
final class SlowPollingCutoff {

    private static final Logger LOG = Logger.getLogger(SlowPollingCutoff.class.getName());

    private final int maxPackets;
    private final Consumer<String> onDropped;

    /** @param onDropped told why, once per session closed here */
    SlowPollingCutoff(int maxPackets, Consumer<String> onDropped) {
        this.maxPackets = maxPackets;
        this.onDropped = onDropped;
    }

    /** Closes those of {@code recipients} on polling whose waiting packets exceed the bound. */
    void check(Iterable<SocketIOClient> recipients) {
        for (SocketIOClient client : recipients) {
            check(client);
        }
    }

    /** Closes {@code client} if it is on polling and its waiting packets exceed the bound. */
    void check(SocketIOClient client) {
        if (client.getTransport() == Transport.POLLING && client instanceof NamespaceClient namespaceClient) {
            ClientHead head = namespaceClient.getBaseClient();
            Queue<?> waiting = head.getPacketsQueue(Transport.POLLING);
            if (exceeds(waiting, maxPackets)) {
                drop(client, head, waiting);
            }
        }
    }

    /**
     * Whether the queue holds more than {@code bound} items, looking at no more than {@code bound + 1} of them: its
     * {@code size()} walks the whole queue.
     */
    static boolean exceeds(Iterable<?> queue, int bound) {
        int seen = 0;
        for (Iterator<?> it = queue.iterator(); it.hasNext(); it.next()) {
            if (++seen > bound) {
                return true;
            }
        }
        return false;
    }

    private void drop(SocketIOClient client, ClientHead head, Queue<?> waiting) {
        // Deliveries run on the publishers' threads, several at once: the first to see the session over the bound
        // closes it, once.
        synchronized (head) {
            if (!head.isConnected()) {
                return;
            }
            close(client, head, waiting);
        }
    }

    private void close(SocketIOClient client, ClientHead head, Queue<?> waiting) {
        String reason = "queue full (" + maxPackets + " packets): the client does not keep up";
        LOG.fine(() -> "Socket.IO client dropped: " + SocketIoEngine.connectionId(client) + " over polling: " + reason);
        onDropped.accept(reason);
        // What it left waiting is freed now; its next poll is refused as for a closed session (PendingPolls).
        waiting.clear();
        // The session's disconnect, as at a ping timeout: the client's DISCONNECT only queues a packet for a poll
        // that may never come.
        head.disconnect();
    }
}
