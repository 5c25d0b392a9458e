package io.switchboard.socketio;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.protocol.AckArgs;
import com.corundumstudio.socketio.protocol.AuthPacket;
import com.corundumstudio.socketio.protocol.JsonSupport;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * netty-socketio's JSON, with an Engine.IO v4 handshake that names {@code maxPayload}: clients use it to keep each
 * polling request within the server's limit, and without it they send bodies the server refuses.
 */
final class HandshakeJson implements JsonSupport {

    private final JsonSupport delegate;
    private final int maxPayload;

    HandshakeJson(JsonSupport delegate, int maxPayload) {
        this.delegate = delegate;
        this.maxPayload = maxPayload;
    }

    @Override
    public void writeValue(ByteBufOutputStream out, Object value) throws IOException {
        delegate.writeValue(out, value instanceof AuthPacket handshake ? handshake(handshake) : value);
    }

    Map<String, Object> handshake(AuthPacket packet) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sid", packet.getSid().toString());
        json.put("upgrades", packet.getUpgrades());
        json.put("pingInterval", packet.getPingInterval());
        json.put("pingTimeout", packet.getPingTimeout());
        json.put("maxPayload", maxPayload);
        return json;
    }

    @Override
    public AckArgs readAckArgs(ByteBufInputStream src, AckCallback<?> callback) throws IOException {
        return delegate.readAckArgs(src, callback);
    }

    @Override
    public <T> T readValue(String namespaceName, ByteBufInputStream src, Class<T> valueType) throws IOException {
        return delegate.readValue(namespaceName, src, valueType);
    }

    @Override
    public void addEventMapping(String namespaceName, String eventName, Class<?>... eventClass) {
        delegate.addEventMapping(namespaceName, eventName, eventClass);
    }

    @Override
    public void removeEventMapping(String namespaceName, String eventName) {
        delegate.removeEventMapping(namespaceName, eventName);
    }

    @Override
    public List<byte[]> getArrays() {
        return delegate.getArrays();
    }
}
