package io.switchboard.system;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * One frame received from a {@code text/event-stream}, whichever client read it.
 *
 * @param id      the {@code id:} field, or {@code null}
 * @param event   the {@code event:} name, or {@code null}
 * @param data    the {@code data:} lines joined with newlines, or {@code null} when the frame has no data
 * @param retry   the {@code retry:} advice in milliseconds, or {@code null}
 * @param comment the comment lines joined with newlines, or {@code null}
 */
record SseFrame(String id, String event, String data, Long retry, String comment) {

    boolean hasData() {
        return data != null;
    }

    /** A frame with neither data nor id nor event name: a heartbeat or the connect preamble. */
    boolean isCommentOnly() {
        return comment != null && data == null && id == null && event == null;
    }

    JsonValue json() {
        if (data == null) {
            throw new AssertionError("frame has no data: " + this);
        }
        return JsonSupport.parse(data);
    }

    JsonObject jsonObject() {
        return JsonSupport.parseObject(data);
    }

    /** For {@code /api/events} frames: the envelope's {@code event_type}, or {@code null} when not an envelope. */
    String envelopeType() {
        if (data == null || !data.startsWith("{")) {
            return null;
        }
        JsonObject envelope = jsonObject();
        return envelope.get("event_type") instanceof JsonString type ? type.getString() : null;
    }

    @Override
    public String toString() {
        return "SseFrame[id=" + id + ", event=" + event + ", retry=" + retry + ", comment="
                + SystemTestSupport.abbreviate(comment, 60) + ", data=" + SystemTestSupport.abbreviate(data, 200) + "]";
    }
}
