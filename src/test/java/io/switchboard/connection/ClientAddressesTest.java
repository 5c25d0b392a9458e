package io.switchboard.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    private static final ClientAddresses BEHIND_PROXIES = ClientAddresses.trusting("10.0.0.0/8, 192.0.2.1,fd00::/8");

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        ClientAddresses open = ClientAddresses.trusting("");
        assertFalse(open.trustsAnyProxy());
        assertEquals("10.0.0.5", open.resolve("10.0.0.5", "203.0.113.7"));
        assertEquals("::1", open.resolve("0:0:0:0:0:0:0:1", "203.0.113.7"), "the peer in canonical form");
        assertEquals("10.0.0.5", ClientAddresses.trustingNoProxy().resolve("10.0.0.5", List.of("203.0.113.7")));
        assertFalse(ClientAddresses.trusting(null).trustsAnyProxy());
        assertFalse(ClientAddresses.trusting(" , ").trustsAnyProxy());
    }

    @Test
    void fromAnUntrustedPeerTheHeaderIsIgnored() {
        assertEquals("203.0.113.50", BEHIND_PROXIES.resolve("203.0.113.50", "198.51.100.1"));
        assertEquals("11.0.0.1", BEHIND_PROXIES.resolve("11.0.0.1", "198.51.100.1"));
    }

    @Test
    void fromATrustedPeerTheRightmostUntrustedAddressIsTheClient() {
        assertEquals("203.0.113.7", BEHIND_PROXIES.resolve("10.0.0.5", "203.0.113.7"));
        // The client forged the left part; the proxies appended what they saw.
        assertEquals("203.0.113.7", BEHIND_PROXIES.resolve("10.0.0.5", "1.1.1.1, 203.0.113.7, 10.1.1.1, 192.0.2.1"));
        assertEquals("2001:db8::7", BEHIND_PROXIES.resolve("fd00::1", "2001:DB8:0:0:0:0:0:7"));
        assertEquals("203.0.113.7", BEHIND_PROXIES.resolve("::ffff:10.0.0.5", "203.0.113.7"), "a mapped peer");
    }

    @Test
    void severalHeaderLinesAreOneChain() {
        assertEquals("203.0.113.7", BEHIND_PROXIES.resolve("10.0.0.5", List.of("1.1.1.1, 203.0.113.7", "10.2.2.2")));
        assertEquals("10.0.0.5", BEHIND_PROXIES.resolve("10.0.0.5", List.of()));
        assertEquals("10.0.0.5", BEHIND_PROXIES.resolve("10.0.0.5", (List<String>) null));
    }

    @Test
    void portsAndBracketsAreDropped() {
        assertEquals("203.0.113.7", BEHIND_PROXIES.resolve("10.0.0.5", "203.0.113.7:51234"));
        assertEquals("2001:db8::7", BEHIND_PROXIES.resolve("10.0.0.5", "[2001:db8::7]:443"));
        assertEquals("2001:db8::7", BEHIND_PROXIES.resolve("10.0.0.5", "[2001:db8::7]"));
    }

    @Test
    void whenEveryHopIsTrustedTheFarthestOneIsTheClient() {
        assertEquals("10.9.9.9", BEHIND_PROXIES.resolve("10.0.0.5", "10.9.9.9, 10.1.1.1"));
    }

    @Test
    void anEntryThatIsNoAddressStopsTheWalkAtTheProxyThatWroteIt() {
        assertEquals("10.1.1.1", BEHIND_PROXIES.resolve("10.0.0.5", "203.0.113.7, unknown, 10.1.1.1"));
        assertEquals("10.0.0.5", BEHIND_PROXIES.resolve("10.0.0.5", "_hidden"));
        assertEquals("10.0.0.5", BEHIND_PROXIES.resolve("10.0.0.5", "203.0.113.7\r\nX-Evil: 1"));
        assertEquals("10.0.0.5", BEHIND_PROXIES.resolve("10.0.0.5", "example.com"), "never a DNS lookup");
    }

    @Test
    void emptyEntriesAndAnEmptyHeaderChangeNothing() {
        assertEquals("203.0.113.7", BEHIND_PROXIES.resolve("10.0.0.5", ",203.0.113.7,, ,"));
        assertEquals("10.0.0.5", BEHIND_PROXIES.resolve("10.0.0.5", ""));
        assertEquals("10.0.0.5", BEHIND_PROXIES.resolve("10.0.0.5", (String) null));
    }

    @Test
    void anUnknownPeerIsNeverTrusted() {
        assertNull(BEHIND_PROXIES.resolve(null, "203.0.113.7"));
        assertEquals("proxy.local", BEHIND_PROXIES.resolve("proxy.local", "203.0.113.7"));
    }

    @Test
    void aBadSettingFailsNamingTheEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientAddresses.trusting("10.0.0.0/8, proxy.example.com"));
        assertTrue(e.getMessage().contains("proxy.example.com"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientAddresses.trusting("10.0.0.0/40"));
    }

    @Test
    void readsEveryForwardedForLineOfAServletRequest() {
        assertEquals("203.0.113.7", BEHIND_PROXIES.resolve(request("10.0.0.5", "1.1.1.1, 203.0.113.7", "10.2.2.2")));
        assertEquals("10.0.0.5", BEHIND_PROXIES.resolve(request("10.0.0.5")));
        assertEquals("10.0.0.5", BEHIND_PROXIES.resolve(request("10.0.0.5", (String[]) null)), "headers withheld");
        assertEquals("203.0.113.50", ClientAddresses.trustingNoProxy().resolve(request("203.0.113.50", "10.9.9.9")));
    }

    /** A request with that peer and those X-Forwarded-For lines ({@code null}: the container withholds headers). */
    private static HttpServletRequest request(String peer, String... forwardedFor) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> peer;
                    case "getHeaders" -> "X-Forwarded-For".equalsIgnoreCase((String) args[0]) && forwardedFor != null
                            ? Collections.enumeration(List.of(forwardedFor)) : (forwardedFor == null ? null
                            : Collections.emptyEnumeration());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void describesItselfForTheStartupLog() {
        assertEquals("X-Forwarded-For honoured from [10.0.0.0/8, 192.0.2.1/32, fd00::/8]", BEHIND_PROXIES.toString());
        assertTrue(ClientAddresses.trustingNoProxy().toString().contains("ignored"));
    }
}
