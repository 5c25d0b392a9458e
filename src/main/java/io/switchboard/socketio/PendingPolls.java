package io.switchboard.socketio;

import com.corundumstudio.socketio.handler.EncoderHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers a closed session's waiting long-poll. netty-socketio forgets it: after a client's close packet, or a ping
 * timeout, the GET it left open hangs until the client gives up, and clients that cap requests per host (OkHttp,
 * 5) stall behind it. Engine.IO servers answer it with a {@code noop} packet; so does this. A poll that arrives
 * while the session is being closed would be bound to the dying session and hang the same way; polls for a session
 * closed in the last {@link #CLOSED_MEMORY} are therefore refused as unknown at once.
 */
@ChannelHandler.Sharable
final class PendingPolls extends ChannelInboundHandlerAdapter {

    static final String NAME = "switchboardPendingPolls";
    static final String NOOP = "6";

    // Far longer than a request takes to arrive; short enough that the map stays small under churn.
    static final Duration CLOSED_MEMORY = Duration.ofSeconds(10);

    private final Map<UUID, Channel> waiting = new ConcurrentHashMap<>();
    private final Map<UUID, Long> closedAt = new ConcurrentHashMap<>();
    private final Map<UUID, Long> answeredPolls = new ConcurrentHashMap<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        UUID sid = msg instanceof FullHttpRequest request ? pollingSession(request.uri()) : null;
        if (sid != null && closedAt.containsKey(sid)) {
            ((FullHttpRequest) msg).release();
            EngineIoGate.refuse(ctx, EngineIoRules.SESSION_UNKNOWN);
            return;
        }
        boolean poll = sid != null && msg instanceof FullHttpRequest request && HttpMethod.GET.equals(request.method());
        if (poll) {
            Channel channel = ctx.channel();
            waiting.put(sid, channel);
            channel.closeFuture().addListener(closed -> waiting.remove(sid, channel));
        }
        super.channelRead(ctx, msg);
        if (poll) {
            // Counted after netty-socketio has handled the poll: whatever was queued for the session is written now.
            answeredPolls.merge(sid, 1L, Long::sum);
        }
    }

    /** The session was closed in the last {@link #CLOSED_MEMORY}. */
    boolean closedRecently(UUID sessionId) {
        return closedAt.containsKey(sessionId);
    }

    /** How many polls of the session netty-socketio has taken so far; grows by one each time the client polls. */
    long polls(UUID sessionId) {
        return answeredPolls.getOrDefault(sessionId, 0L);
    }

    /** Ends the session's waiting poll, if any, unless the server is answering it already. */
    void release(UUID sessionId) {
        long now = System.nanoTime();
        closedAt.values().removeIf(at -> now - at > CLOSED_MEMORY.toNanos());
        closedAt.put(sessionId, now);
        answeredPolls.remove(sessionId);
        Channel channel = waiting.remove(sessionId);
        if (channel == null || !channel.isActive()) {
            return;
        }
        channel.eventLoop().execute(() -> {
            // netty-socketio claims a poll channel the same way before it answers; whoever claims first answers.
            if (!channel.isActive() || !channel.attr(EncoderHandler.WRITE_ONCE).compareAndSet(null, true)) {
                return;
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(NOOP, StandardCharsets.UTF_8));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
                    .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        });
    }

    static UUID pollingSession(String uri) {
        Map<String, List<String>> query = new QueryStringDecoder(uri).parameters();
        List<String> transport = query.get("transport");
        List<String> sid = query.get("sid");
        if (transport == null || !transport.contains("polling") || sid == null || sid.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(sid.get(0));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
