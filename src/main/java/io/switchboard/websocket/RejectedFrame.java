package io.switchboard.websocket;

import io.switchboard.message.InvalidInputException;
import jakarta.json.JsonValue;

/** A frame refused before or while it was handled, with the ref to echo when the frame carried a usable one. */
final class RejectedFrame extends RuntimeException {

    private final transient JsonValue ref;
    private final InvalidInputException problem;

    RejectedFrame(JsonValue ref, InvalidInputException problem) {
        super(problem.detail(), null, false, false);
        this.ref = ref;
        this.problem = problem;
    }

    JsonValue ref() {
        return ref;
    }

    InvalidInputException problem() {
        return problem;
    }
}
