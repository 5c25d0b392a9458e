package io.switchboard.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CidrRangeTest {

    private static boolean contains(String range, String address) {
        return CidrRange.parse(range).contains(IpLiteral.parse(address));
    }

    @Test
    void ipv4Ranges() {
        assertTrue(contains("10.0.0.0/8", "10.255.1.2"));
        assertFalse(contains("10.0.0.0/8", "11.0.0.1"));
        assertTrue(contains("192.168.1.0/23", "192.168.0.7"));
        assertFalse(contains("192.168.1.0/23", "192.168.2.1"));
        assertTrue(contains("172.16.0.0/12", "172.31.255.255"));
        assertFalse(contains("172.16.0.0/12", "172.32.0.0"));
        assertTrue(contains("0.0.0.0/0", "203.0.113.9"));
        assertEquals("10.0.0.0/8", CidrRange.parse(" 10.1.2.3/8 ").toString(), "host bits are masked off");
    }

    @Test
    void aBareAddressIsARangeOfOne() {
        assertTrue(contains("127.0.0.1", "127.0.0.1"));
        assertFalse(contains("127.0.0.1", "127.0.0.2"));
        assertTrue(contains("::1", "0:0:0:0:0:0:0:1"));
        assertFalse(contains("::1", "::2"));
    }

    @Test
    void ipv6Ranges() {
        assertTrue(contains("fd00::/8", "fd12:3456::1"));
        assertFalse(contains("fd00::/8", "fe80::1"));
        assertTrue(contains("2001:db8::/32", "2001:db8:ffff::1"));
        assertFalse(contains("2001:db8::/32", "2001:db9::1"));
        assertTrue(contains("2001:db8::/127", "2001:db8::1"));
        assertFalse(contains("2001:db8::/127", "2001:db8::2"));
    }

    @Test
    void familiesNeverMatchEachOtherButMappedAddressesAreIpv4() {
        assertFalse(contains("::/0", "10.0.0.1"));
        assertFalse(contains("0.0.0.0/0", "::1"));
        assertTrue(contains("127.0.0.1", "::ffff:127.0.0.1"));
        assertTrue(contains("::ffff:10.0.0.0/104", "10.9.9.9"));
        assertFalse(contains("::ffff:10.0.0.0/104", "11.0.0.1"));
        assertFalse(CidrRange.parse("10.0.0.0/8").contains(null));
    }

    @Test
    void refusesWhatIsNoRange() {
        for (String text : new String[] {"", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8",
                "10.0.0.0/x", "example.com", "10.0.0.0/0008", "::ffff:10.0.0.0/95"}) {
            assertThrows(IllegalArgumentException.class, () -> CidrRange.parse(text), text);
        }
    }
}
