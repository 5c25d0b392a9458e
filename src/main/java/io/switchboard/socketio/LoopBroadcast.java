package io.switchboard.socketio;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.transport.NamespaceClient;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A broadcast's way to its Socket.IO recipients. netty-socketio's own broadcast sends to each client from the
 * caller's thread: a write task queued on that client's event loop per client, and in the client's pipeline the
 * packet assembled, queued, taken off the queue, and encoded (about two thirds of the publishing loop's samples in a
 * fan-out, {@code bench/NOTES.md}). Here the WebSocket clients are grouped by the event loop their connection is on,
 * and each loop is handed one task that writes the broadcast's frame, encoded once ({@link SharedBroadcastFrames}),
 * to its clients in turn. A client with packets still queued ahead of the broadcast gets it through the library's
 * send instead (behind them, in order), and so do clients on long-polling, from the caller's thread as before.
 */
final class LoopBroadcast {

    private final SharedBroadcastFrames frames;

    LoopBroadcast(SharedBroadcastFrames frames) {
        this.frames = frames;
    }

    /**
     * Sends event {@code name} with {@code payload} to each of {@code recipients}; never blocks.
     *
     * @param polled told of each recipient sent to through the library's queue for polling
     * @return how many clients it was handed to
     */
    int send(Iterable<SocketIOClient> recipients, String name, SharedPayload payload, Consumer<SocketIOClient> polled) {
        Map<EventLoop, List<NamespaceClient>> byLoop = new IdentityHashMap<>();
        int reached = 0;
        for (SocketIOClient client : recipients) {
            reached++;
            Channel channel = client instanceof NamespaceClient namespaced
                    ? ClientChannels.webSocket(namespaced.getBaseClient()) : null;
            if (channel == null) {
                client.sendEvent(name, payload);
                polled.accept(client);
            } else {
                byLoop.computeIfAbsent(channel.eventLoop(), loop -> new ArrayList<>()).add((NamespaceClient) client);
            }
        }
        byLoop.forEach((loop, clients) -> {
            try {
                loop.execute(() -> clients.forEach(client -> sendOnLoop(client, name, payload)));
            } catch (RejectedExecutionException e) {
                // The engine is stopping, and its loops with it: these connections are closing.
            }
        });
        return reached;
    }

    /** On the client's loop: the shared frame, unless something waits ahead of it or it fits no single frame. */
    private void sendOnLoop(NamespaceClient client, String name, SharedPayload payload) {
        Channel channel = ClientChannels.webSocket(client.getBaseClient());
        if (channel == null || !channel.eventLoop().inEventLoop() || !frames.writeNow(channel, client, name, payload)) {
            client.sendEvent(name, payload);
        }
    }
}
