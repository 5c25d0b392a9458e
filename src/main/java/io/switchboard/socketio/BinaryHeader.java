package io.switchboard.socketio;

/**
 * The head of a Socket.IO packet carrying binary attachments, as it arrives in an Engine.IO message packet:
 * {@code 4} (message), {@code 5} (binary event) or {@code 6} (binary ack), the attachment count and {@code -},
 * an optional namespace ending in {@code ,}, an optional ack id, then the JSON array.
 * For example {@code 451-0["message",{"_placeholder":true,"num":0}]}.
 *
 * @param attachments how many binary attachments follow the packet
 * @param namespace   the namespace, {@code ""} for the main one
 * @param ackId       the ack id in the packet; {@code null} when none
 * @param event       a binary event ({@code 5}); otherwise a binary ack ({@code 6})
 * @param bodyStart   where what follows the {@code -} begins: the namespace, ack id and data
 * @param dataStart   where the JSON array begins
 */
record BinaryHeader(int attachments, String namespace, Long ackId, boolean event, int bodyStart, int dataStart) {

    /** Whether {@code packet} claims to be a binary Socket.IO packet ({@code 45...} or {@code 46...}). */
    static boolean isBinary(CharSequence packet) {
        return packet.length() >= 2 && packet.charAt(0) == '4' && (packet.charAt(1) == '5' || packet.charAt(1) == '6');
    }

    /** The header of {@code packet}, or {@code null} when it is no well-formed binary Socket.IO packet. */
    static BinaryHeader parse(String packet) {
        if (!isBinary(packet)) {
            return null;
        }
        int length = packet.length();
        int i = 2;
        while (i < length && Character.isDigit(packet.charAt(i))) {
            i++;
        }
        if (i == 2 || i - 2 > 6 || i >= length || packet.charAt(i) != '-') {
            return null;
        }
        int attachments = Integer.parseInt(packet, 2, i, 10);
        int bodyStart = ++i;
        String namespace = "";
        if (i < length && packet.charAt(i) == '/') {
            int comma = packet.indexOf(',', i);
            int bracket = packet.indexOf('[', i);
            if (comma < 0 || (bracket >= 0 && bracket < comma)) {
                return null; // "/nsp" with no comma has no data after it
            }
            namespace = packet.substring(i, comma);
            i = comma + 1;
        }
        int ackStart = i;
        while (i < length && Character.isDigit(packet.charAt(i))) {
            i++;
        }
        if (i - ackStart > 18 || i >= length || packet.charAt(i) != '[') {
            return null;
        }
        Long ackId = i > ackStart ? Long.valueOf(packet.substring(ackStart, i)) : null;
        return new BinaryHeader(attachments, namespace, ackId, packet.charAt(1) == '5', bodyStart, i);
    }

    /**
     * The packet as netty-socketio can read it: a plain event ({@code 42}) or ack ({@code 43}) with the same
     * namespace, ack id and data, whose placeholders stand for the attachments that came with it.
     */
    String asPlainPacket(String packet) {
        return (event ? "42" : "43") + packet.substring(bodyStart);
    }
}
