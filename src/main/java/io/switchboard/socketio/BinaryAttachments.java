package io.switchboard.socketio;

import java.util.List;

/**
 * The attachments of the binary packet netty-socketio is dispatching on this thread. {@link BinaryAttachmentAssembly}
 * hands the engine a packet whose placeholders ({@code {"_placeholder":true,"num":0}}) stay in its JSON, and the
 * attachments here: the engine decodes and dispatches it to the event listeners on the same thread, before
 * {@code fireChannelRead} returns. A placeholder in a plain text packet finds no attachments here, so a client
 * cannot pass JSON off as binary.
 */
final class BinaryAttachments {

    private static final ThreadLocal<List<byte[]>> CURRENT = ThreadLocal.withInitial(List::of);

    private BinaryAttachments() {
    }

    /** The attachments of the packet being dispatched; empty when it has none. */
    static List<byte[]> current() {
        return CURRENT.get();
    }

    /** Runs {@code dispatch} with {@code attachments} as the {@link #current()} ones. */
    static void during(List<byte[]> attachments, Runnable dispatch) {
        CURRENT.set(attachments);
        try {
            dispatch.run();
        } finally {
            CURRENT.remove();
        }
    }
}
