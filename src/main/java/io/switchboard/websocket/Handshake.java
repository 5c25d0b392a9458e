package io.switchboard.websocket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The opening handshake of {@code /ws/messages} (RFC 6455 4.2): checks the client's upgrade request and works out
 * the {@code Sec-WebSocket-Accept} of the answer. Plain logic over header values, so that every refusal is tested
 * without a server; the servlet only reads the headers and writes the answer.
 */
final class Handshake {

    /** The GUID every server appends to the client's key (RFC 6455 1.3). */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    static final String VERSION = "13";

    /** Why an upgrade request is refused: the HTTP status, the error code and text, and headers the RFC asks for. */
    record Refusal(int status, String error, String detail, Map<String, String> headers) {
    }

    private Handshake() {
    }

    /**
     * @return null when the request is a WebSocket opening handshake this server takes, else why not
     */
    static Refusal check(String method, String upgrade, String connection, String version, String key) {
        if (upgrade == null || !hasToken(upgrade, "websocket")) {
            return new Refusal(426, "upgrade_required",
                    "/ws/messages is a WebSocket endpoint: connect with a WebSocket client",
                    Map.of("Upgrade", "websocket"));
        }
        if (!"GET".equals(method)) {
            return new Refusal(400, "bad_handshake", "a WebSocket handshake is a GET request, not " + method, Map.of());
        }
        if (connection == null || !hasToken(connection, "upgrade")) {
            return new Refusal(400, "bad_handshake", "the handshake's Connection header must include 'Upgrade'",
                    Map.of());
        }
        if (!VERSION.equals(version == null ? null : version.trim())) {
            // RFC 6455 4.4: tell the client which version this server speaks.
            return new Refusal(426, "unsupported_version",
                    "Sec-WebSocket-Version must be 13, got " + (version == null ? "none" : "'" + version + "'"),
                    Map.of("Sec-WebSocket-Version", VERSION));
        }
        if (!isKey(key)) {
            return new Refusal(400, "bad_handshake",
                    "Sec-WebSocket-Key must be 16 bytes in base64", Map.of());
        }
        return null;
    }

    /** The {@code Sec-WebSocket-Accept} value for the client's {@code key}. */
    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    private static boolean isKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a comma-separated header value lists {@code token} (compared case-insensitively). */
    private static boolean hasToken(String header, String token) {
        for (String part : header.split(",")) {
            if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                return true;
            }
        }
        return false;
    }
}
