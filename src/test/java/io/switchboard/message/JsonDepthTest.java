package io.switchboard.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JsonDepthTest {

    @Test
    void allowsNestingUpToTheLimitAndRefusesBeyond() {
        JsonDepth.check("{\"a\":[{\"b\":[1]}]}", 4);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> JsonDepth.check("{\"a\":[{\"b\":[[1]]}]}", 4));
        assertEquals(JsonDepth.ERROR, e.error());
        assertThrows(InvalidInputException.class, () -> JsonDepth.check("[".repeat(100_000), 32));
    }

    @Test
    void bracketsInsideStringsDoNotCount() {
        JsonDepth.check("{\"content\":\"[[[[[[{{{{\\\"[[[[\"}", 1);
    }
}
