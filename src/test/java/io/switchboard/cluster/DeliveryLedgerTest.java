package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

    @Test
    void deliversEachOriginKeyOnce() {
        DeliveryLedger ledger = new DeliveryLedger(10);
        assertTrue(ledger.firstSighting("a/1-0"));
        assertFalse(ledger.firstSighting("a/1-0"), "queued locally, then read back from the stream");
        assertTrue(ledger.firstSighting("b/1-0"), "the same local id from another node is another event");
    }

    @Test
    void forgetsTheOldestBeyondItsCapacity() {
        DeliveryLedger ledger = new DeliveryLedger(2);
        ledger.firstSighting("a/1");
        ledger.firstSighting("a/2");
        ledger.firstSighting("a/3");
        assertEquals(2, ledger.size());
        assertFalse(ledger.firstSighting("a/3"));
        assertTrue(ledger.firstSighting("a/1"), "evicted first");
    }

    @Test
    void originKeysDoNotCollideAcrossNodes() {
        assertEquals("node-a/17-3", OutboxTest.entry("17-3").originKey());
    }
}
