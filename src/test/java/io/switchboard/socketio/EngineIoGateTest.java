package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EngineIoGateTest {

    private final EngineIoGate gate = new EngineIoGate("/ws/chat/");

    @Test
    void aRequestEngineIoAllowsPassesThrough() {
        EmbeddedChannel channel = new EmbeddedChannel(gate);
        FullHttpRequest request = get("/ws/chat/?EIO=4&transport=polling");
        channel.writeInbound(request);
        assertSame(request, channel.readInbound());
        request.release();
    }

    @Test
    void aRequestEngineIoRefusesIsAnsweredAndClosed() {
        FullHttpResponse response = refused("/ws/chat/?EIO=3&transport=polling");
        assertEquals(400, response.status().code());
        assertEquals("{\"code\":5,\"message\":\"Unsupported protocol version\"}",
                response.content().toString(StandardCharsets.UTF_8));
        response.release();
    }

    @Test
    void aPathBelowTheEndpointIsRefusedRatherThanLeftHanging() {
        FullHttpResponse response = refused("/ws/chat/below?EIO=4&transport=polling");
        assertEquals(400, response.status().code());
        assertEquals("{\"code\":3,\"message\":\"Bad request\"}", response.content().toString(StandardCharsets.UTF_8));
        response.release();
    }

    private FullHttpResponse refused(String uri) {
        EmbeddedChannel channel = new EmbeddedChannel(gate);
        channel.writeInbound(get(uri));
        FullHttpResponse response = channel.readOutbound();
        assertFalse(channel.isOpen());
        return response;
    }

    private static FullHttpRequest get(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, Unpooled.EMPTY_BUFFER);
    }
}
