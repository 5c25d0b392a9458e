package io.switchboard.socketio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.socketio.BinaryPacketAssembler.Assembled;
import io.switchboard.socketio.BinaryPacketAssembler.MalformedException;
import io.switchboard.socketio.BinaryPacketAssembler.Piece;
import io.switchboard.socketio.BinaryPacketAssembler.Text;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryPacketAssemblerTest {

    private static final String SEP = "\u001e";
    private static final String ONE = "451-[\"message\",{\"content\":{\"_placeholder\":true,\"num\":0}}]";
    private static final String TWO_WITH_ACK = "452-/admin,12[\"x\",{\"num\":1,\"_placeholder\":true},"
            + "[{\"_placeholder\":true,\"num\":0}]]";

    private final BinaryPacketAssembler assembler = new BinaryPacketAssembler(1000);

    @Test
    void parsesAttachmentCountNamespaceAndAckId() {
        BinaryHeader header = BinaryHeader.parse(TWO_WITH_ACK);
        assertEquals(2, header.attachments());
        assertEquals("/admin", header.namespace());
        assertEquals(12L, header.ackId());
        assertTrue(header.event());
        assertEquals("42/admin,12[\"x\"]", BinaryHeader.parse("452-/admin,12[\"x\"]").asPlainPacket("452-/admin,12[\"x\"]"));
        assertEquals("437[{}]", BinaryHeader.parse("461-7[{}]").asPlainPacket("461-7[{}]"));
        assertNull(BinaryHeader.parse("42[\"message\",{}]"));
        assertNull(BinaryHeader.parse("45[\"no count\"]"));
        assertNull(BinaryHeader.parse("451-/admin[\"no comma\"]"));
        assertNull(BinaryHeader.parse("451-7"));
    }

    @Test
    void aWebSocketHeaderAndItsBinaryMessagesBecomeOnePlainPacketWithTheBytes() throws Exception {
        assertEquals(List.of(), assembler.frame(TWO_WITH_ACK.getBytes(UTF_8), false));
        assertEquals(List.of(), assembler.frame(new byte[] {0, 1, 2}, true));
        assertFalse(assembler.isIdle());

        List<Piece> out = assembler.frame("42:looks like text".getBytes(UTF_8), true);

        Assembled packet = (Assembled) out.get(0);
        assertEquals("42/admin,12[\"x\",{\"num\":1,\"_placeholder\":true},[{\"_placeholder\":true,\"num\":0}]]",
                packet.packet());
        assertArrayEquals(new byte[] {0, 1, 2}, packet.attachments().get(0));
        assertArrayEquals("42:looks like text".getBytes(UTF_8), packet.attachments().get(1));
        assertTrue(assembler.isIdle());
    }

    @Test
    void engineIoPacketsBetweenAHeaderAndItsAttachmentPassOnTheirOwn() throws Exception {
        assembler.payload(ONE); // the header by polling, then the upgrade
        assertEquals(List.of(new Text("2probe")), assembler.frame("2probe".getBytes(UTF_8), false));
        assertEquals(List.of(new Text("5")), assembler.frame("5".getBytes(UTF_8), false));

        Assembled packet = (Assembled) assembler.frame(new byte[] {9}, true).get(0);

        assertEquals("42[\"message\",{\"content\":{\"_placeholder\":true,\"num\":0}}]", packet.packet());
        assertArrayEquals(new byte[] {9}, packet.attachments().get(0));
    }

    @Test
    void aPollingBodyKeepsItsOrderAndAttachmentsMayComeInALaterBody() throws Exception {
        List<Piece> first = assembler.payload("3" + SEP + "42[\"a\"]" + SEP + ONE + SEP + "bAQID" + SEP + "42[\"b\"]"
                + SEP + TWO_WITH_ACK + SEP + "bAA==");

        assertEquals(3, first.size());
        assertEquals(new Text("3" + SEP + "42[\"a\"]"), first.get(0));
        assertArrayEquals(new byte[] {1, 2, 3}, ((Assembled) first.get(1)).attachments().get(0));
        assertEquals(new Text("42[\"b\"]"), first.get(2));
        assertFalse(assembler.isIdle());

        List<Piece> second = assembler.payload("bBQY=" + SEP + "2");

        Assembled two = (Assembled) second.get(0);
        assertArrayEquals(new byte[] {0}, two.attachments().get(0));
        assertArrayEquals(new byte[] {5, 6}, two.attachments().get(1));
        assertArrayEquals(new byte[] {1, 2, 3}, ((Assembled) new BinaryPacketAssembler(1000)
                .payload(ONE + SEP + "bAQ\nID").get(0)).attachments().get(0), "base64 broken in lines");
        assertEquals(new Text("2"), second.get(1));
    }

    @Test
    void aBinaryPacketWithNoAttachmentsIsCompleteAtOnce() throws Exception {
        assertEquals(List.of(new Assembled("423[\"x\"]", List.of())), assembler.frame("450-3[\"x\"]".getBytes(UTF_8), false));
    }

    @Test
    void anAttachmentCountThatDoesNotMatchThePlaceholdersIsMalformed() {
        assertMalformed("452-[\"message\",{\"_placeholder\":true,\"num\":0}]");
        assertMalformed("451-[\"message\",{\"_placeholder\":true,\"num\":1}]");
        assertMalformed("451-[\"message\",{\"content\":\"no placeholder\"}]");
        assertMalformed("451-[\"message\",{\"_placeholder\":true,\"num\":\"0\"}]");
        assertMalformed("451-[\"message\",{]");
        assertMalformed("45x-[\"message\"]");
    }

    @Test
    void missingOrUnannouncedFramesAreMalformed() throws Exception {
        assertThrows(MalformedException.class, () -> assembler.frame(new byte[] {1}, true));
        assertThrows(MalformedException.class, () -> new BinaryPacketAssembler(1000).payload("bAQID"));

        BinaryPacketAssembler waiting = new BinaryPacketAssembler(1000);
        waiting.frame(ONE.getBytes(UTF_8), false);
        MalformedException instead = assertThrows(MalformedException.class,
                () -> waiting.frame("42[\"message\",{}]".getBytes(UTF_8), false));
        assertFalse(instead.tooLarge());

        BinaryPacketAssembler polling = new BinaryPacketAssembler(1000);
        assertThrows(MalformedException.class, () -> polling.payload(ONE + SEP + "42[\"next\"]"));
        assertThrows(MalformedException.class, () -> new BinaryPacketAssembler(1000).payload(ONE + SEP + "bA"));
    }

    @Test
    void maxPayloadCountsTheHeaderAndEveryAttachment() throws Exception {
        BinaryPacketAssembler small = new BinaryPacketAssembler(ONE.length() + 10);
        small.frame(ONE.getBytes(UTF_8), false);

        MalformedException tooLarge = assertThrows(MalformedException.class, () -> small.frame(new byte[11], true));

        assertTrue(tooLarge.tooLarge());
        BinaryPacketAssembler exact = new BinaryPacketAssembler(ONE.length() + 10);
        exact.frame(ONE.getBytes(UTF_8), false);
        assertEquals(1, exact.frame(new byte[10], true).size());
    }

    @Test
    void onlyBodiesWithBinaryPacketsNeedAssembly() {
        assertFalse(BinaryPacketAssembler.mayNeedAssembly("42[\"message\",{\"b\":\"45\"}]" + SEP + "3"));
        assertTrue(BinaryPacketAssembler.mayNeedAssembly("3" + SEP + ONE));
        assertTrue(BinaryPacketAssembler.mayNeedAssembly("bAQID"));
    }

    private void assertMalformed(String header) {
        MalformedException e = assertThrows(MalformedException.class,
                () -> new BinaryPacketAssembler(1000).frame(header.getBytes(UTF_8), false), header);
        assertFalse(e.tooLarge());
    }
}
