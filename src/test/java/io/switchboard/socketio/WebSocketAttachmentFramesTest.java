package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

class WebSocketAttachmentFramesTest {

    @Test
    void anAttachmentLosesEngineIoV3sTypeByteAndTextFramesAreUntouched() {
        EmbeddedChannel channel = new EmbeddedChannel(WebSocketAttachmentFrames.INSTANCE);

        // As netty-socketio writes them: the header, then the attachment behind a 4.
        channel.writeOutbound(new TextWebSocketFrame("451-[\"message\",{\"_placeholder\":true,\"num\":0}]"));
        channel.writeOutbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {4, 4, 0, (byte) 255})));

        TextWebSocketFrame header = channel.readOutbound();
        assertEquals("451-[\"message\",{\"_placeholder\":true,\"num\":0}]", header.text());
        BinaryWebSocketFrame attachment = channel.readOutbound();
        assertArrayEquals(new byte[] {4, 0, (byte) 255}, ByteBufUtil.getBytes(attachment.content()));
        header.release();
        attachment.release();
    }
}
