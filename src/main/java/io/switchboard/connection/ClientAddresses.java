package io.switchboard.connection;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The real address of a client, on every transport: what the connection registry lists, what rate limits and the
 * per-address connection cap count by, and what the logs name. Behind a reverse proxy every client's TCP peer is the
 * proxy, so {@code X-Forwarded-For} is read, but only when the peer is one of {@code switchboard.trusted-proxies}:
 * from anyone else the header is a claim the client makes about itself, and honouring it would let a client pick
 * whose rate limit and connection cap it uses. In the header's chain, the right-most address that is not itself a
 * trusted proxy is the client (each proxy appends the peer it saw, so everything left of that may be forged).
 * Addresses come out in one canonical form ({@link IpLiteral#format}), so one client is one key everywhere.
 */
public final class ClientAddresses {

    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<CidrRange> trusted;

    private ClientAddresses(List<CidrRange> trusted) {
        this.trusted = trusted;
    }

    /**
     * @param setting comma-separated IP addresses and CIDR ranges (IPv4, IPv6); empty or null: trust no proxy
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public static ClientAddresses trusting(String setting) {
        List<CidrRange> ranges = new ArrayList<>();
        if (setting != null) {
            for (String entry : setting.split(",")) {
                if (!entry.isBlank()) {
                    ranges.add(CidrRange.parse(entry));
                }
            }
        }
        return new ClientAddresses(List.copyOf(ranges));
    }

    /** Every client is its TCP peer; {@code X-Forwarded-For} is ignored. */
    public static ClientAddresses trustingNoProxy() {
        return new ClientAddresses(List.of());
    }

    /**
     * The client's address.
     *
     * @param peerAddress  the TCP peer's address as the server reports it (may be null when the container cannot tell)
     * @param forwardedFor the {@code X-Forwarded-For} header (several headers joined by commas); may be null
     */
    public String resolve(String peerAddress, String forwardedFor) {
        String peer = IpLiteral.canonical(peerAddress);
        if (trusted.isEmpty() || forwardedFor == null || !isTrusted(IpLiteral.parse(peerAddress))) {
            return peer;
        }
        String nearest = peer;
        int end = forwardedFor.length();
        while (end >= 0) {
            int comma = forwardedFor.lastIndexOf(',', end - 1);
            String entry = forwardedFor.substring(comma + 1, end).trim();
            end = comma;
            if (entry.isEmpty()) {
                continue;
            }
            byte[] hop = IpLiteral.parse(withoutPort(entry));
            if (hop == null) {
                // Not an address ("unknown", an obfuscated name): nothing left of it can be checked, so the trusted
                // proxy that wrote it is as close to the client as is known.
                return nearest;
            }
            nearest = IpLiteral.format(hop);
            if (!isTrusted(hop)) {
                return nearest;
            }
        }
        // Every hop is a trusted proxy: the farthest one is the best answer there is.
        return nearest;
    }

    /** As {@link #resolve(String, String)}, with the header's values as a container lists them (one per header line). */
    public String resolve(String peerAddress, List<String> forwardedFor) {
        if (trusted.isEmpty() || forwardedFor == null || forwardedFor.isEmpty()) {
            return IpLiteral.canonical(peerAddress);
        }
        return resolve(peerAddress, String.join(",", forwardedFor));
    }

    /** The client of a servlet request (REST, SSE, and anything else served by the application server). */
    public String resolve(HttpServletRequest request) {
        if (trusted.isEmpty()) {
            return IpLiteral.canonical(request.getRemoteAddr());
        }
        Enumeration<String> forwarded = request.getHeaders(FORWARDED_FOR);
        // Null when the container withholds headers (Servlet API): then there is nothing to believe.
        return resolve(request.getRemoteAddr(), forwarded == null ? null : Collections.list(forwarded));
    }

    /** {@code address} in the canonical form every transport uses for it; other text as it is. */
    public static String canonical(String address) {
        return IpLiteral.canonical(address);
    }

    public boolean trustsAnyProxy() {
        return !trusted.isEmpty();
    }

    private boolean isTrusted(byte[] address) {
        if (address == null) {
            return false;
        }
        for (CidrRange range : trusted) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** {@code [2001:db8::1]:443} and {@code 192.0.2.1:443} are the address with a port; IPv6 has no port otherwise. */
    private static String withoutPort(String entry) {
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            return close < 0 ? entry : entry.substring(1, close);
        }
        int colon = entry.indexOf(':');
        return colon >= 0 && entry.indexOf(':', colon + 1) < 0 ? entry.substring(0, colon) : entry;
    }

    @Override
    public String toString() {
        return trusted.isEmpty() ? "X-Forwarded-For ignored (no trusted proxies)"
                : "X-Forwarded-For honoured from " + trusted;
    }
}
