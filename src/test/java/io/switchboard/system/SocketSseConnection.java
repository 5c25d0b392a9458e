package io.switchboard.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An SSE request on a bare {@link Socket}: the cheapest way to hold hundreds of connections, and the only way to be a
 * client that stops reading (the socket's small receive buffer fills up and the server's writes stall).
 */
final class SocketSseConnection implements AutoCloseable {

    private static final int MAX_PREAMBLE_BYTES = 64 * 1024;

    private final Socket socket;

    private SocketSseConnection(Socket socket) {
        this.socket = socket;
    }

    /**
     * Connects, sends the request and reads until the stream's {@code retry:} preamble arrived, i.e. until the server
     * has accepted the subscription. Nothing is read after that.
     */
    static SocketSseConnection openAndAwaitPreamble(URI base, String pathAndQuery, Duration timeout) throws IOException {
        Socket socket = connect(base, pathAndQuery, timeout, 0);
        try {
            awaitPreamble(socket);
            return new SocketSseConnection(socket);
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    /** Connects with a tiny receive buffer and sends the request; never reads a byte of the response. */
    static SocketSseConnection openNeverReading(URI base, String pathAndQuery, Duration timeout) throws IOException {
        return new SocketSseConnection(connect(base, pathAndQuery, timeout, 1024));
    }

    private static Socket connect(URI base, String pathAndQuery, Duration timeout, int receiveBuffer)
            throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer); // before connect, so the TCP window is small from the start
            }
            socket.setSoTimeout((int) timeout.toMillis());
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), (int) timeout.toMillis());
            URI target = base.resolve(pathAndQuery);
            String requestTarget = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
            String request = "GET " + requestTarget + " HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Accept: text/event-stream\r\n"
                    + "Cache-Control: no-cache\r\n"
                    + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static void awaitPreamble(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        while (true) {
            String text = seen.toString(StandardCharsets.UTF_8);
            if (seen.size() > 0 && !text.startsWith("HTTP/1.1 200")) {
                int lineEnd = text.indexOf('\r');
                if (lineEnd > 0) {
                    throw new IOException("SSE request refused: " + text.substring(0, lineEnd));
                }
            }
            if (text.contains("\nretry:")) {
                return;
            }
            if (seen.size() > MAX_PREAMBLE_BYTES) {
                throw new IOException("no retry: preamble in the first " + seen.size() + " bytes");
            }
            int read = in.read(buffer); // bounded by the socket's SO_TIMEOUT
            if (read < 0) {
                throw new IOException("stream ended before the retry: preamble; got: " + text);
            }
            seen.write(buffer, 0, read);
        }
    }

    /** Closes with a TCP reset instead of an orderly shutdown, like a client that crashed. */
    void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // close anyway
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
