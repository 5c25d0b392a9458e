package io.switchboard.system;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An SSE request or a WebSocket handshake on a bare {@link Socket} bound to a chosen loopback source address
 * ({@code 127.0.0.2}: Java's HttpClient cannot choose one) with an optional {@code X-Forwarded-For}: a client the
 * server sees at another address. It reads the answer's head and, for a refusal, its body; for a WebSocket, the first
 * frame (the welcome, or the close that refuses it). An accepted stream is held open, unread, until closed.
 */
final class SourcedConnection implements AutoCloseable {

    private final Socket socket;
    private final int status;
    private final String head;
    private final String body;
    private final int closeCode;
    private final String text;

    private SourcedConnection(Socket socket, int status, String head, String body, int closeCode, String text) {
        this.socket = socket;
        this.status = status;
        this.head = head;
        this.body = body;
        this.closeCode = closeCode;
        this.text = text;
    }

    /** {@code GET path} with {@code Accept: text/event-stream}; returns once the answer's head (and a refusal's body) arrived. */
    static SourcedConnection sse(URI base, String path, String source, String forwardedFor, Duration timeout)
            throws IOException {
        Socket socket = connect(base, source, timeout);
        try {
            send(socket, "GET /" + path + " HTTP/1.1\r\nHost: " + host(base) + "\r\nAccept: text/event-stream\r\n"
                    + forwarded(forwardedFor) + "\r\n");
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            int status = status(head);
            if (status == 200) {
                return new SourcedConnection(socket, status, head, null, -1, null);
            }
            String body = readBody(in, head);
            socket.close();
            return new SourcedConnection(socket, status, head, body, -1, null);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A WebSocket handshake on {@code /ws/messages}, then its first frame from the server. */
    static SourcedConnection webSocket(URI base, String source, String forwardedFor, Duration timeout)
            throws IOException {
        Socket socket = connect(base, source, timeout);
        try {
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            send(socket, "GET /ws/messages HTTP/1.1\r\nHost: " + host(base) + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\n" + forwarded(forwardedFor) + "\r\n");
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            int status = status(head);
            if (status != 101) {
                String body = readBody(in, head);
                socket.close();
                return new SourcedConnection(socket, status, head, body, -1, null);
            }
            int opcode = in.read() & 0x0f;
            byte[] payload = readPayload(in);
            if (opcode == 0x8) {
                int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                socket.close();
                return new SourcedConnection(socket, status, head, null, code, reason);
            }
            return new SourcedConnection(socket, status, head, null, -1, new String(payload, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    int status() {
        return status;
    }

    /** The answer's body, for a refused request; null for an accepted one. */
    String body() {
        return body;
    }

    /** The value of a response header, or null. */
    String header(String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** WebSocket: the close code of a connection the server closed at once, or -1 when it sent a text frame first. */
    int closeCode() {
        return closeCode;
    }

    /** WebSocket: the close reason, or the first text frame when the connection was accepted. */
    String text() {
        return text;
    }

    boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "HTTP " + status + (closeCode >= 0 ? ", close " + closeCode + " " + text : "")
                + (body == null ? "" : ": " + body);
    }

    private static Socket connect(URI base, String source, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(source, 0));
            socket.setSoTimeout((int) timeout.toMillis());
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), (int) timeout.toMillis());
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static String host(URI base) {
        return base.getHost() + ":" + base.getPort();
    }

    private static String forwarded(String forwardedFor) {
        return forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n";
    }

    private static void send(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the answer's head: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 16 * 1024) {
                throw new IOException("answer head too long");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int status(String head) {
        return Integer.parseInt(head.substring(9, 12));
    }

    private static String readBody(InputStream in, String head) throws IOException {
        String length = null;
        String chunked = null;
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = line.substring(line.indexOf(':') + 1).trim();
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = "yes";
            }
        }
        if (length != null) {
            return new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
        }
        if (chunked != null) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
                if (size == 0) {
                    return body.toString(StandardCharsets.UTF_8);
                }
                body.write(in.readNBytes(size));
                readLine(in);
            }
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** One server frame's payload (servers never mask), after its first byte was read. */
    private static byte[] readPayload(InputStream in) throws IOException {
        int second = in.read();
        if (second < 0) {
            throw new EOFException("connection closed before the first frame");
        }
        long length = second & 0x7f;
        if (length == 126) {
            length = ((in.read() & 0xff) << 8) | (in.read() & 0xff);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | (in.read() & 0xff);
            }
        }
        if (length > 1 << 20) {
            throw new IOException("frame too long: " + length);
        }
        return in.readNBytes((int) length);
    }
}
