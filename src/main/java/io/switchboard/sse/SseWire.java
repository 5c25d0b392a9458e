package io.switchboard.sse;

import java.nio.charset.StandardCharsets;

/**
 * The bytes of one SSE frame, in the field order and spacing the streams have always had (JAX-RS's SSE writer's:
 * comment, {@code event:}, {@code id:}, {@code retry:}, data), so clients and proxies see the same stream as before
 * the hub wrote to the servlet stream itself.
 */
final class SseWire {

    private SseWire() {
    }

    /**
     * @param data {@code null}: a frame without data (a comment), ended by one blank line; empty: no {@code data:} line
     *             but the event's blank line still follows (what carries the greeting's {@code retry:})
     */
    static byte[] frame(String comment, String name, String id, long retryMillis, String data) {
        StringBuilder out = new StringBuilder(64 + (data == null ? 0 : data.length()));
        if (comment != null) {
            field(out, ":", comment);
        }
        if (name != null) {
            field(out, "event:", name);
        }
        if (id != null) {
            field(out, "id:", id);
        }
        if (retryMillis > 0) {
            out.append("retry: ").append(retryMillis).append('\n');
        }
        if (data == null) {
            out.append('\n');
        } else {
            if (!data.isEmpty()) {
                field(out, "data:", data);
            } else {
                out.append('\n');
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] comment(String text) {
        return frame(text, null, null, 0, null);
    }

    /** One line per line of {@code value}: a line break inside a field would otherwise end it early. */
    private static void field(StringBuilder out, String prefix, String value) {
        int start = 0;
        while (true) {
            int end = nextBreak(value, start);
            out.append(prefix).append(' ').append(value, start, end).append('\n');
            if (end == value.length()) {
                return;
            }
            start = value.charAt(end) == '\r' && end + 1 < value.length() && value.charAt(end + 1) == '\n'
                    ? end + 2 : end + 1;
        }
    }

    private static int nextBreak(String value, int from) {
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return value.length();
    }
}
