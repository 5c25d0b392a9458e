package io.switchboard.socketio;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import io.netty.channel.ChannelPipeline;

/** netty-socketio's pipeline with the {@link BinaryAttachmentGuard} in front of its packet decoder. */
final class GuardedChannelInitializer extends SocketIOChannelInitializer {

    private final BinaryAttachmentGuard guard;

    GuardedChannelInitializer(BinaryAttachmentGuard guard) {
        this.guard = guard;
    }

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        super.addSocketioHandlers(pipeline);
        pipeline.addBefore(PACKET_HANDLER, BinaryAttachmentGuard.NAME, guard);
    }
}
