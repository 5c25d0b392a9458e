package io.switchboard.connection;

import java.util.Arrays;

/** A range of IP addresses, {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a range of one. */
final class CidrRange {

    private final byte[] network;
    private final int prefix;

    private CidrRange(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** @throws IllegalArgumentException when {@code text} is neither an address nor {@code address/prefix} */
    static CidrRange parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        byte[] address = IpLiteral.parse(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR range: '" + text + "'");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = trimmed.substring(slash + 1);
            if (!length.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'");
            }
            prefix = Integer.parseInt(length);
            if (address.length == 4 && trimmed.indexOf(':') >= 0) {
                // ::ffff:10.0.0.0/104 is written against the 128 bits of the mapped form; its address is IPv4 here.
                prefix -= 96;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix length out of range in '" + text + "'");
            }
        }
        return new CidrRange(masked(address, prefix), prefix);
    }

    /** Whether {@code address} (bytes as {@link IpLiteral#parse} gives them) lies in this range. */
    boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        return Arrays.equals(masked(address, prefix), network);
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] result = new byte[address.length];
        for (int i = 0; i < address.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            result[i] = (byte) (address[i] & (0xff << (8 - bits)));
        }
        return result;
    }

    @Override
    public String toString() {
        return IpLiteral.format(network) + "/" + prefix;
    }
}
