package io.switchboard.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class IpLiteralTest {

    @Test
    void parsesDottedQuads() {
        assertArrayEquals(new byte[] {127, 0, 0, 1}, IpLiteral.parse("127.0.0.1"));
        assertArrayEquals(new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255}, IpLiteral.parse("255.255.255.255"));
        assertEquals("10.0.0.1", IpLiteral.canonical("010.000.0.001"));
    }

    @Test
    void refusesWhatIsNoIpv4Literal() {
        for (String text : new String[] {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4.", ".1.2.3", "1.2.3.a",
                "1234.1.1.1", "+1.2.3.4", " 1.2.3.4", "localhost", "example.com", "unknown", "1.2.3.٤"}) {
            assertNull(IpLiteral.parse(text), text);
        }
        assertNull(IpLiteral.parse(null));
    }

    @Test
    void writesIpv6InTheRfc5952Form() {
        assertEquals("::1", IpLiteral.canonical("0:0:0:0:0:0:0:1"));
        assertEquals("::", IpLiteral.canonical("0:0:0:0:0:0:0:0"));
        assertEquals("2001:db8::1", IpLiteral.canonical("2001:0DB8:0000:0000:0000:0000:0000:0001"));
        assertEquals("2001:db8:0:1:1:1:1:1", IpLiteral.canonical("2001:db8:0:1:1:1:1:1"), "one zero group stays");
        assertEquals("2001:0:0:1::1", IpLiteral.canonical("2001:0:0:1:0:0:0:1"), "the longest run is shortened");
        assertEquals("2001:db8::1:0:0:1", IpLiteral.canonical("2001:db8:0:0:1:0:0:1"), "the first of equal runs");
        assertEquals("fe80::1", IpLiteral.canonical("fe80::1%eth0"), "the zone is dropped");
        assertEquals("1::", IpLiteral.canonical("1::"));
        assertEquals("1:2:3:4:5:6:7:0", IpLiteral.canonical("1:2:3:4:5:6:7::"));
        assertEquals("0.0.0.1", IpLiteral.canonical("::ffff:0:1"), "mapped, in hex");
        assertEquals("::fffe:0:1", IpLiteral.canonical("::fffe:0:1"), "not mapped");
        assertEquals("64:ff9b::102:304", IpLiteral.canonical("64:ff9b::1.2.3.4"), "an embedded quad elsewhere stays IPv6");
    }

    @Test
    void anIpv4MappedAddressIsItsIpv4Address() {
        assertEquals("10.1.2.3", IpLiteral.canonical("::ffff:10.1.2.3"));
        assertEquals("10.1.2.3", IpLiteral.canonical("::FFFF:a01:203"));
        assertEquals("127.0.0.1", IpLiteral.canonical("0:0:0:0:0:ffff:127.0.0.1"));
    }

    @Test
    void refusesWhatIsNoIpv6Literal() {
        for (String text : new String[] {":", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::",
                "g::1", "::1.2.3", "1.2.3.4::", "::1.2.3.4:1", "::1:2:3:4:5:6:7:8", "[::1]", "1:2:3:4:5:6:7:8::",
                ":1::", "::٣", "a".repeat(65)}) {
            assertNull(IpLiteral.parse(text), text);
        }
    }

    @Test
    void leavesTextThatIsNoAddressAsItIs() {
        assertEquals("unknown", IpLiteral.canonical("unknown"));
        assertNull(IpLiteral.canonical(null));
    }
}
