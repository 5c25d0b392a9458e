package io.switchboard.socketio;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import io.netty.channel.ChannelPipeline;

/**
 * netty-socketio's pipeline with the {@link BinaryAttachmentGuard} in front of its packet decoder, and
 * {@link PendingPolls} watching the long-polls it may leave hanging.
 */
final class GuardedChannelInitializer extends SocketIOChannelInitializer {

    private final BinaryAttachmentGuard guard;
    private final PendingPolls pendingPolls;

    GuardedChannelInitializer(BinaryAttachmentGuard guard, PendingPolls pendingPolls) {
        this.guard = guard;
        this.pendingPolls = pendingPolls;
    }

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        super.addSocketioHandlers(pipeline);
        pipeline.addBefore(PACKET_HANDLER, BinaryAttachmentGuard.NAME, guard);
        pipeline.addBefore(XHR_POLLING_TRANSPORT, PendingPolls.NAME, pendingPolls);
    }
}
