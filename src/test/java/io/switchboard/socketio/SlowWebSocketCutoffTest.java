package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.switchboard.metrics.DropCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cutoff on Netty's own {@link EmbeddedChannel}: frames written without a flush stay in its outbound buffer, as
 * they do on a socket whose peer has stopped reading, and its clock is moved by hand.
 */
class SlowWebSocketCutoffTest {

    private static final int MAX_FRAMES = 5;
    private static final long TIMEOUT_MILLIS = 10_000;

    private final List<String> dropped = new ArrayList<>();
    private final SlowWebSocketCutoff cutoff = new SlowWebSocketCutoff(MAX_FRAMES, TIMEOUT_MILLIS, dropped::add);
    private final EmbeddedChannel channel = new EmbeddedChannel();

    SlowWebSocketCutoffTest() {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(100, 200));
        channel.pipeline().addLast(SlowWebSocketCutoff.NAME, cutoff);
    }

    @Test
    void framesUpToTheBoundMayWaitOneMoreDropsTheClientAsSlow() {
        for (int i = 0; i < MAX_FRAMES; i++) {
            channel.write(frame("a"));
        }
        assertTrue(channel.isActive());
        assertEquals(MAX_FRAMES, cutoff.pendingFrames());

        ChannelFuture over = channel.write(frame("b"));

        assertFalse(channel.isActive());
        assertFalse(over.isSuccess());
        assertEquals(0, cutoff.pendingFrames(), "closing failed the queued writes, and so freed them");
        assertEquals(1, dropped.size());
        assertEquals(Optional.of(DropCause.SLOW_CLIENT), DropCause.of(dropped.get(0)));
    }

    @Test
    void aClientThatReadsNeverReachesTheBound() {
        for (int i = 0; i < MAX_FRAMES * 20; i++) {
            channel.writeAndFlush(frame("a"));
            assertTrue(channel.readOutbound() instanceof TextWebSocketFrame);
        }

        assertTrue(channel.isActive());
        assertEquals(0, cutoff.pendingFrames());
        assertEquals(List.of(), dropped);
    }

    @Test
    void framesWrittenWithAVoidPromiseAreCountedToo() {
        for (int i = 0; i <= MAX_FRAMES; i++) {
            channel.write(frame("a"), channel.voidPromise());
        }

        assertFalse(channel.isActive());
        assertEquals(1, dropped.size());
    }

    @Test
    void httpResponsesAreNotFrames() {
        for (int i = 0; i <= MAX_FRAMES * 2; i++) {
            channel.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        }

        assertTrue(channel.isActive());
        assertEquals(List.of(), dropped);
    }

    @Test
    void unwritableForLongerThanTheWriteTimeoutDropsTheClientAsSlow() {
        channel.write(frame("x".repeat(300)));
        assertFalse(channel.isWritable());

        channel.advanceTimeBy(TIMEOUT_MILLIS - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isActive());

        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isActive());
        assertEquals(1, dropped.size());
        assertTrue(dropped.get(0).contains("TimeoutException"), dropped.get(0));
        assertEquals(Optional.of(DropCause.SLOW_CLIENT), DropCause.of(dropped.get(0)));
    }

    @Test
    void becomingWritableInTimeRestartsTheClock() {
        channel.write(frame("x".repeat(300)));
        channel.advanceTimeBy(TIMEOUT_MILLIS - 1, TimeUnit.MILLISECONDS);
        channel.flush(); // the client read it all: writable again
        assertTrue(channel.isWritable());
        channel.releaseOutbound();
        channel.write(frame("x".repeat(300)));
        assertFalse(channel.isWritable());

        channel.advanceTimeBy(TIMEOUT_MILLIS - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertTrue(channel.isActive(), "unwritable twice, each time for less than the timeout");
        assertEquals(List.of(), dropped);
    }

    @Test
    void aSlowPollingResponseIsNotTimedOut() {
        channel.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer("x".repeat(300), java.nio.charset.StandardCharsets.UTF_8)));
        assertFalse(channel.isWritable());

        channel.advanceTimeBy(TIMEOUT_MILLIS * 2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertTrue(channel.isActive());
        assertEquals(List.of(), dropped);
    }

    @Test
    void aClientClosedByTheCutoffIsReportedOnce() {
        channel.write(frame("x".repeat(300)));
        for (int i = 0; i < MAX_FRAMES * 2; i++) {
            channel.write(frame("a"));
        }
        channel.advanceTimeBy(TIMEOUT_MILLIS * 2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertEquals(1, dropped.size());
    }

    private static TextWebSocketFrame frame(String text) {
        return new TextWebSocketFrame(Unpooled.copiedBuffer(text, java.nio.charset.StandardCharsets.UTF_8));
    }
}
