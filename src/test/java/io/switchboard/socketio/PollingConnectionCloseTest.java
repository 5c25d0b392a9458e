package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class PollingConnectionCloseTest {

    @Test
    void aResponseOnTheDirectPortSaysTheConnectionCloses() {
        EmbeddedChannel channel = new EmbeddedChannel(PollingConnectionClose.INSTANCE);
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONNECTION, "keep-alive"); // as netty-socketio says, then closes

        channel.writeOutbound(response);

        HttpResponse written = channel.readOutbound();
        assertEquals("close", written.headers().get(HttpHeaderNames.CONNECTION));
    }

    @Test
    void theWebSocketUpgradeIsLeftAlone() {
        EmbeddedChannel channel = new EmbeddedChannel(PollingConnectionClose.INSTANCE);
        HttpResponse upgrade = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        upgrade.headers().set(HttpHeaderNames.CONNECTION, "Upgrade");

        channel.writeOutbound(upgrade);

        HttpResponse written = channel.readOutbound();
        assertEquals("Upgrade", written.headers().get(HttpHeaderNames.CONNECTION));
    }
}
