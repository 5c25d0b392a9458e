package io.switchboard.system;

import java.util.function.Consumer;

/**
 * Turns the lines of a {@code text/event-stream} into {@link SseFrame}s, following the WHATWG parsing rules (one
 * optional space after the colon, data lines joined with newlines, a blank line ends a frame). Unlike a browser it also
 * hands on frames that only carry comments or {@code retry:}, so tests can see heartbeats and the connect preamble.
 */
final class SseParser {

    private final Consumer<SseFrame> sink;
    private String id;
    private String event;
    private StringBuilder data;
    private Long retry;
    private StringBuilder comment;
    private boolean pending;

    SseParser(Consumer<SseFrame> sink) {
        this.sink = sink;
    }

    void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        pending = true;
        if (line.startsWith(":")) {
            comment = append(comment, stripOneSpace(line.substring(1)));
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : stripOneSpace(line.substring(colon + 1));
        switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "data" -> data = append(data, value);
            case "retry" -> retry = parseRetry(value);
            default -> {
                // unknown fields are ignored, as a browser would
            }
        }
    }

    private void dispatch() {
        if (pending) {
            sink.accept(new SseFrame(id, event, data == null ? null : data.toString(), retry,
                    comment == null ? null : comment.toString()));
        }
        id = null;
        event = null;
        data = null;
        retry = null;
        comment = null;
        pending = false;
    }

    private static StringBuilder append(StringBuilder lines, String value) {
        return lines == null ? new StringBuilder(value) : lines.append('\n').append(value);
    }

    private static String stripOneSpace(String value) {
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    private static Long parseRetry(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
