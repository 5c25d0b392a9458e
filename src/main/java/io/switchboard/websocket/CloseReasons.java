package io.switchboard.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.charset.StandardCharsets;

/** The close code and reason a client is told when the server drops it. */
public final class CloseReasons {

    /** RFC 6455 allows 123 bytes of UTF-8 in a close frame's reason. */
    static final int MAX_REASON_BYTES = 123;

    static final String SHUTTING_DOWN = "server shutting down";
    static final String DISCONNECTED = "disconnected by an operator";
    /** The close reason, exactly, when the connection's token expires (with code 1008). */
    static final String TOKEN_EXPIRED = "token_expired";

    private CloseReasons() {
    }

    /**
     * Maps why the server ends a client's connection to a close frame: a full queue or a write that timed out means the
     * client does not keep up (1008, policy); shutdown is 1001 (going away); an expired token is 1008
     * {@value #TOKEN_EXPIRED}; any other write failure is 1011.
     */
    static CloseReason forDrop(String why) {
        CloseCodes code;
        if (why.equals(TOKEN_EXPIRED)) {
            code = CloseCodes.VIOLATED_POLICY;
        } else if (why.startsWith(SHUTTING_DOWN)) {
            code = CloseCodes.GOING_AWAY;
        } else if (why.startsWith(DISCONNECTED)) {
            code = CloseCodes.NORMAL_CLOSURE;
        } else if (why.startsWith("queue full") || why.contains("TimeoutException")) {
            code = CloseCodes.VIOLATED_POLICY;
        } else {
            code = CloseCodes.UNEXPECTED_CONDITION;
        }
        return new CloseReason(code, truncate(why));
    }

    /** Cuts {@code text} to at most {@link #MAX_REASON_BYTES} bytes of UTF-8, never inside a character. */
    public static String truncate(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return text;
        }
        StringBuilder cut = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_REASON_BYTES - 3) {
                break;
            }
            cut.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return cut.append("...").toString();
    }
}
