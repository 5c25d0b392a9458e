package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;
import jakarta.json.JsonValue;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutboxTest {

    static StreamEntry entry(String localId) {
        return new StreamEntry(new HubEvent(localId, "test", JsonValue.EMPTY_JSON_OBJECT, Instant.now(), "rest", "c",
                Audience.CHANNEL), "node-a", localId);
    }

    @Test
    void keepsOrderAndRefusesWhenFull() {
        Outbox outbox = new Outbox(2);
        StreamEntry first = entry("1-0");
        StreamEntry second = entry("1-1");
        assertTrue(outbox.offer(first));
        assertTrue(outbox.offer(second));
        assertFalse(outbox.offer(entry("1-2")), "a full outbox refuses");
        assertEquals(2, outbox.size());

        assertSame(first, outbox.oldest());
        assertSame(first, outbox.oldest(), "peeking leaves the entry until removed");
        outbox.removeOldest();
        assertSame(second, outbox.oldest());
        assertTrue(outbox.offer(entry("1-3")), "room again after a removal");
        outbox.removeOldest();
        outbox.removeOldest();
        assertTrue(outbox.isEmpty());
        assertNull(outbox.oldest());
    }
}
