package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OriginsTest {

    @Test
    void listedOriginsOnlyAndStarForAny() {
        Origins listed = Origins.parse(" https://app.test, http://localhost:3000 ");
        assertTrue(listed.allows("https://APP.test"));
        assertTrue(listed.allows("http://localhost:3000"));
        assertFalse(listed.allows("https://evil.test"));
        assertFalse(listed.allows(null));
        assertFalse(Origins.parse("").allows("https://app.test"));
        assertTrue(Origins.parse("*").allows("https://anything.test"));
    }
}
