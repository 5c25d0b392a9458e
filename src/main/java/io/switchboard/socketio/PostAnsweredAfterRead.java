package io.switchboard.socketio;

import io.switchboard.upgrade.BridgeChannel;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a polling POST only once its packets have been read, as the reference server does (it ends the request
 * with {@code ok} after it has parsed the body). netty-socketio 2.0.14 answers first ("release POST response before
 * message processing") and reads the packets after. But a client sends what follows as soon as it has that answer:
 * its next POST, or, when it upgrades, the {@code 5} and the packets it held back over the new WebSocket. Those come
 * on another connection, read by another event loop (on both ports: the app server's gives each request and each
 * WebSocket a {@link BridgeChannel} of its own), so they could be read before the packets of the POST they follow.
 * A binary packet whose header was in that POST and whose attachment came after was then refused by the
 * {@link BinaryAttachmentAssembly} as an attachment nobody announced, its connection closed, the emit unanswered
 * (SocketIoHttpsIT, the JavaScript client's {@code acrossTheUpgrade}). Held here until the polling transport, which
 * hands the packets to the listeners on this thread, returns, the answer goes out after them: a session's input is
 * read in the order the client sent it.
 */
@ChannelHandler.Sharable
final class PostAnsweredAfterRead extends ChannelDuplexHandler {

    static final String NAME = "switchboardPostAnsweredAfterRead";
    static final PostAnsweredAfterRead INSTANCE = new PostAnsweredAfterRead();

    /** What the pipeline wrote on this channel while a POST is being read; set only for that while, on its loop. */
    private static final AttributeKey<List<Held>> HELD = AttributeKey.valueOf("switchboard.heldPostAnswer");

    private record Held(Object message, ChannelPromise promise) {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof FullHttpRequest request) || !HttpMethod.POST.equals(request.method())) {
            ctx.fireChannelRead(msg);
            return;
        }
        Attribute<List<Held>> held = ctx.channel().attr(HELD);
        List<Held> answer = new ArrayList<>(3);
        held.set(answer);
        try {
            ctx.fireChannelRead(msg);
        } finally {
            held.set(null);
            for (Held part : answer) {
                ctx.write(part.message(), part.promise());
            }
            if (!answer.isEmpty()) {
                ctx.flush();
            }
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        List<Held> answer = ctx.channel().attr(HELD).get();
        if (answer != null) {
            answer.add(new Held(msg, promise));
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // While the answer is held there is nothing to flush; it is flushed when it is let go.
        if (ctx.channel().attr(HELD).get() == null) {
            ctx.flush();
        }
    }
}
