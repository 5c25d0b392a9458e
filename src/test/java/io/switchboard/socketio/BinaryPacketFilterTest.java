package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryPacketFilterTest {

    private static final String SEP = "\u001e";

    private final BinaryPacketFilter filter = new BinaryPacketFilter();
    private final List<BinaryHeader> refused = new ArrayList<>();

    @Test
    void parsesAttachmentCountNamespaceAndAckId() {
        assertEquals(new BinaryHeader(1, "", 7L, true), BinaryHeader.parse("451-7[\"message\",{}]"));
        assertEquals(new BinaryHeader(2, "/admin", 12L, true), BinaryHeader.parse("452-/admin,12[\"x\"]"));
        assertEquals(new BinaryHeader(1, "", null, true), BinaryHeader.parse("451-[\"message\"]"));
        assertEquals(new BinaryHeader(1, "", null, false), BinaryHeader.parse("461-3[{}]"));
    }

    @Test
    void otherPacketsAreNotBinaryHeaders() {
        assertNull(BinaryHeader.parse("42[\"message\",{}]"));
        assertNull(BinaryHeader.parse("421[\"message\",{}]"));
        assertNull(BinaryHeader.parse("2"));
        assertNull(BinaryHeader.parse("45[\"no count\"]"));
        assertNull(BinaryHeader.parse("40"));
    }

    @Test
    void webSocketHeaderAndItsAttachmentFramesAreDroppedThenTrafficFlowsAgain() {
        assertFalse(filter.acceptFrame("452-3[\"message\",{}]", false, refused::add));
        assertFalse(filter.acceptFrame("\u0000\u0001binary", true, refused::add));
        assertFalse(filter.acceptFrame("42 looks like text but is the 2nd attachment", true, refused::add));
        assertTrue(filter.acceptFrame("42[\"message\",{}]", false, refused::add));
        assertEquals(List.of(new BinaryHeader(2, "", 3L, true)), refused);
        assertTrue(filter.isIdle());
    }

    /** The JavaScript client's emit right after connecting: header by polling, then the upgrade, then the attachment. */
    @Test
    void aTextPacketBetweenAHeaderAndItsAttachmentIsNoAttachment() {
        String kept = filter.filterPayload("451-0[\"message\",{\"_placeholder\":true,\"num\":0}]", refused::add);
        assertEquals("", kept);
        assertTrue(filter.acceptFrame("5", false, refused::add), "the upgrade packet goes on to netty-socketio");
        assertFalse(filter.isIdle());
        assertFalse(filter.acceptFrame("\u0001\u0002\u0003\u0004", true, refused::add), "the attachment is dropped");
        assertTrue(filter.isIdle());
        assertTrue(filter.acceptFrame("\u0001\u0002", true, refused::add), "a binary frame with no header before it");
        assertEquals(1, refused.size());
    }

    @Test
    void pollingBodyKeepsTextPacketsAroundARefusedBinaryOne() {
        String kept = filter.filterPayload("42[\"a\"]" + SEP + "451-[\"message\",{}]" + SEP + "bAAEC" + SEP + "3",
                refused::add);
        assertEquals("42[\"a\"]" + SEP + "3", kept);
        assertEquals(1, refused.size());
    }

    @Test
    void pollingAttachmentsMayComeInALaterBody() {
        assertEquals("", filter.filterPayload("452-1[\"message\",{}]", refused::add));
        assertFalse(filter.isIdle());
        assertEquals("", filter.filterPayload("bAAEC", refused::add));
        assertEquals("42[\"b\"]", filter.filterPayload("bAAEC" + SEP + "42[\"b\"]", refused::add));
        assertTrue(filter.isIdle());
    }

    @Test
    void cleanPollingBodiesNeedNoFiltering() {
        assertFalse(BinaryPacketFilter.mayNeedFiltering("42[\"message\",{\"content\":\"45-\"}]" + SEP + "3"));
        assertTrue(BinaryPacketFilter.mayNeedFiltering("3" + SEP + "451-[\"m\"]"));
        assertTrue(BinaryPacketFilter.mayNeedFiltering("bAAEC"));
    }
}
