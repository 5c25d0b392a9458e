package io.switchboard.socketio;

/**
 * The head of a Socket.IO packet carrying binary attachments, as it arrives in an Engine.IO message packet:
 * {@code 4} (message), {@code 5} (binary event) or {@code 6} (binary ack), the attachment count and {@code -},
 * an optional namespace ending in {@code ,}, an optional ack id, then the JSON array.
 * For example {@code 451-0["message",{"_placeholder":true,"num":0}]}.
 *
 * @param ackId the ack the client asked for; {@code null} when none (or when this is itself an ack)
 */
record BinaryHeader(int attachments, String namespace, Long ackId, boolean event) {

    /** Headers are short; this many leading characters always cover one. */
    static final int MAX_HEAD_LENGTH = 128;

    /** The header at the start of {@code packet}, or {@code null} when it is not a binary Socket.IO packet. */
    static BinaryHeader parse(CharSequence packet) {
        int length = Math.min(packet.length(), MAX_HEAD_LENGTH);
        if (length < 4 || packet.charAt(0) != '4' || (packet.charAt(1) != '5' && packet.charAt(1) != '6')) {
            return null;
        }
        int i = 2;
        int digitsStart = i;
        while (i < length && Character.isDigit(packet.charAt(i))) {
            i++;
        }
        if (i == digitsStart || i - digitsStart > 6 || i >= length || packet.charAt(i) != '-') {
            return null;
        }
        int attachments = Integer.parseInt(packet.subSequence(digitsStart, i).toString());
        i++;
        String namespace = "";
        if (i < length && packet.charAt(i) == '/') {
            int comma = indexOf(packet, ',', i, length);
            int bracket = indexOf(packet, '[', i, length);
            if (comma < 0 || (bracket >= 0 && bracket < comma)) {
                // "/nsp" alone, without a comma, is not followed by an ack id or data.
                return null;
            }
            namespace = packet.subSequence(i, comma).toString();
            i = comma + 1;
        }
        int ackStart = i;
        while (i < length && Character.isDigit(packet.charAt(i))) {
            i++;
        }
        Long ackId = i > ackStart && i - ackStart <= 18 ? Long.valueOf(packet.subSequence(ackStart, i).toString()) : null;
        boolean event = packet.charAt(1) == '5';
        return new BinaryHeader(attachments, namespace, event ? ackId : null, event);
    }

    private static int indexOf(CharSequence text, char wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == wanted) {
                return i;
            }
        }
        return -1;
    }
}
