package io.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP/1.1 request per TCP connection, read until the server closes it or the body is complete: the way Engine.IO
 * polling is spoken, with no client-side pooling or retries to blur what the server did.
 */
public final class RawHttp {

    /** A response: status code, raw header block and body as text. */
    public record Response(int status, String headers, String body) {
    }

    private RawHttp() {
    }

    public static Response request(int port, String method, String path, String body, Duration timeout) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + (body == null ? "" : "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: " + payload.length + "\r\n")
                    + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    public static CompletableFuture<Response> requestAsync(int port, String method, String path, String body,
                                                           Duration timeout) {
        return CompletableFuture.supplyAsync(() -> request(port, method, path, body, timeout));
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headerEnd = -1;
        int contentLength = -1;
        int n;
        while ((n = in.read(buffer)) != -1) {
            all.write(buffer, 0, n);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            if (headerEnd < 0 && (headerEnd = text.indexOf("\r\n\r\n")) >= 0) {
                contentLength = contentLength(text.substring(0, headerEnd));
            }
            if (headerEnd >= 0 && contentLength >= 0 && all.size() >= headerEnd + 4 + contentLength) {
                break;
            }
            if (headerEnd >= 0 && chunked(text.substring(0, headerEnd)) && text.endsWith("0\r\n\r\n")) {
                break; // the last chunk of a chunked body (Node's answers have no Content-Length)
            }
        }
        byte[] bytes = all.toByteArray();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (headerEnd < 0) {
            throw new IOException("no complete response: " + text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        if (chunked(text.substring(0, headerEnd))) {
            return new Response(status, text.substring(0, headerEnd), dechunk(bytes, headerEnd + 4));
        }
        int bodyLength = contentLength >= 0 ? contentLength : bytes.length - headerEnd - 4;
        String body = new String(bytes, headerEnd + 4, Math.min(bodyLength, bytes.length - headerEnd - 4),
                StandardCharsets.UTF_8);
        return new Response(status, text.substring(0, headerEnd), body);
    }

    private static boolean chunked(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("transfer-encoding")
                    && line.substring(colon + 1).trim().equalsIgnoreCase("chunked")) {
                return true;
            }
        }
        return false;
    }

    private static String dechunk(byte[] bytes, int start) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = start;
        while (at < bytes.length) {
            int lineEnd = at;
            while (lineEnd + 1 < bytes.length && !(bytes[lineEnd] == '\r' && bytes[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String size = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int length = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            body.write(bytes, lineEnd + 2, Math.min(length, bytes.length - lineEnd - 2));
            at = lineEnd + 2 + length + 2;
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static int contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return -1;
    }
}
