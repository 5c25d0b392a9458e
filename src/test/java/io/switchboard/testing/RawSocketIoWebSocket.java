package io.switchboard.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Socket.IO client over WebSocket on a bare socket, with nothing between the test and TCP: it upgrades, takes the
 * Engine.IO open packet, connects to the main namespace, and then either {@link #readUntilClosed reads} everything
 * (answering pings, counting each event's {@code id}) or reads nothing at all, so that its TCP window fills and the
 * server's writes back up, as with a client that has stopped reading. Its receive buffer can be made small, so that
 * happens soon.
 */
public final class RawSocketIoWebSocket implements AutoCloseable {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private String sid;
    private final Map<String, AtomicInteger> ids = new ConcurrentHashMap<>();
    private final AtomicInteger events = new AtomicInteger();
    private volatile boolean closedByServer;

    private RawSocketIoWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code /ws/chat/} on 127.0.0.1 and completes the namespace CONNECT.
     *
     * @param receiveBuffer the socket's receive buffer in bytes (the kernel may round it up); 0: the system's
     */
    public static RawSocketIoWebSocket connect(int port, int receiveBuffer, Duration timeout) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connect, so the window scale is chosen for it
        }
        socket.setSoTimeout((int) timeout.toMillis());
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
        String key = Base64.getEncoder().encodeToString(RANDOM.generateSeed(16));
        String request = "GET /ws/chat/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        RawSocketIoWebSocket client = new RawSocketIoWebSocket(socket);
        String status = client.readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + status);
        }
        String open = client.readText();
        if (!open.startsWith("0{")) {
            socket.close();
            throw new IOException("no Engine.IO open packet: " + open);
        }
        Matcher sid = Pattern.compile("\"sid\":\"([^\"]+)\"").matcher(open);
        if (!sid.find()) {
            socket.close();
            throw new IOException("no sid in " + open);
        }
        client.sid = sid.group(1);
        client.sendText("40");
        String connected = client.readText();
        while (!connected.startsWith("40")) {
            connected = client.readText();
        }
        return client;
    }

    /** The Engine.IO session id: the connection is {@code socketio-<sid>} in the registry. */
    public String sid() {
        return sid;
    }

    /**
     * Reads frames until the server closes the connection (or the socket's read timeout passes without a byte),
     * answering each ping with a pong and counting each event ({@code 42[...]}) by its first {@code "id"}.
     *
     * @return true when the server closed it (end of stream or a close frame), false on the read timeout
     */
    public boolean readUntilClosed() {
        try {
            while (true) {
                String text = readText();
                if (text == null) {
                    closedByServer = true;
                    return true;
                }
                if (text.equals("2")) {
                    sendText("3");
                } else if (text.startsWith("42[")) {
                    events.incrementAndGet();
                    Matcher id = ID.matcher(text);
                    if (id.find()) {
                        ids.computeIfAbsent(id.group(1), k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            closedByServer = true; // reset by the server
            return true;
        }
    }

    /** Events read so far. */
    public int events() {
        return events.get();
    }

    /** How many times each event id was read. */
    public Map<String, AtomicInteger> ids() {
        return ids;
    }

    public boolean closedByServer() {
        return closedByServer;
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the upgrade response");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The next complete text message (fragments joined); null at end of stream or on a close frame. */
    private String readText() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            int second = readByte();
            boolean fin = (first & 0x80) != 0;
            int opcode = first & 0x0f;
            long length = second & 0x7f;
            if (length == 126) {
                length = (readByte() << 8) | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte();
                }
            }
            byte[] payload = in.readNBytes((int) length);
            if (payload.length < length) {
                return null;
            }
            if (opcode == 0x8) {
                return null;
            }
            if (opcode == 0x9) { // a WebSocket ping: netty-socketio sends none, but answer it as a peer must
                sendFrame(0xA, payload);
                continue;
            }
            if (opcode == 0x1 || opcode == 0x0) {
                message.write(payload);
                if (fin) {
                    return message.toString(StandardCharsets.UTF_8);
                }
            }
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private void sendText(String text) throws IOException {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized void sendFrame(int opcode, byte[] payload) throws IOException {
        out.write(ClientFrames.masked(0x80 | opcode, payload));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // gone already
        }
    }
}
