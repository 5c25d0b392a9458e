package io.switchboard.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Base64;
import java.util.List;

/**
 * Puts one client's binary Socket.IO packets together: a header ({@code 451-["message",{..placeholder..}]}) and the
 * attachments that follow it, as binary WebSocket messages or as {@code b<base64>} packets of polling bodies, in the
 * same request or later ones, across the upgrade too. What comes out is the header as a plain packet (see
 * {@link BinaryHeader#asPlainPacket}) with the attachments' bytes beside it, once all have arrived.
 * <p>
 * Refused as malformed, as the reference server's parser refuses them (and then closes the connection): a header
 * whose placeholders do not name each of its attachments exactly ({@code 0} to {@code n-1}), an attachment nobody
 * announced, a Socket.IO packet where an attachment is due, base64 that does not decode; and, Switchboard's own
 * rule, a packet whose header and attachments together exceed {@code max-payload}.
 * <p>
 * One instance per session; not thread-safe, but a session's input is read in order.
 */
final class BinaryPacketAssembler {

    static final char SEPARATOR = '\u001e';

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to hand on: Engine.IO packets as they came, or one binary packet put together. */
    sealed interface Piece permits Text, Assembled {
    }

    /** Packets without attachments, separated by {@link #SEPARATOR} as in a polling body. */
    record Text(String packets) implements Piece {
    }

    /** A binary packet, as a plain one, and its attachments in order. */
    record Assembled(String packet, List<byte[]> attachments) implements Piece {
    }

    /** Input that is no valid binary Socket.IO traffic: the connection is closed. */
    static final class MalformedException extends Exception {

        private final boolean tooLarge;

        MalformedException(String message, boolean tooLarge) {
            super(message, null, false, false);
            this.tooLarge = tooLarge;
        }

        /** Whether it is refused for its size (over {@code max-payload}) rather than its form. */
        boolean tooLarge() {
            return tooLarge;
        }
    }

    private final int maxPayload;
    private String pending;
    private BinaryHeader header;
    private List<byte[]> attachments;
    private long size;

    /** @param maxPayload the most bytes one packet may have, header and attachments together */
    BinaryPacketAssembler(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    boolean isIdle() {
        return header == null;
    }

    /**
     * One WebSocket message. Only a binary one is an attachment; a text one between a header and its attachments
     * may be an Engine.IO packet of its own (a pong, the upgrade's {@code 5} when the header came by polling).
     *
     * @return what to hand on, in order; empty while attachments are awaited
     */
    List<Piece> frame(byte[] content, boolean binary) throws MalformedException {
        if (binary) {
            return attachment(content);
        }
        return packet(new String(content, StandardCharsets.UTF_8));
    }

    /** One polling request body: Engine.IO packets separated by {@link #SEPARATOR}. */
    List<Piece> payload(String body) throws MalformedException {
        List<Piece> pieces = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String packet : body.split(String.valueOf(SEPARATOR), -1)) {
            List<Piece> out;
            if (packet.startsWith("b")) {
                out = attachment(decode(packet));
            } else if (packet.isEmpty()) {
                continue;
            } else {
                out = packet(packet);
            }
            for (Piece piece : out) {
                if (piece instanceof Text plain) {
                    text.append(text.isEmpty() ? "" : String.valueOf(SEPARATOR)).append(plain.packets());
                } else {
                    if (!text.isEmpty()) {
                        pieces.add(new Text(text.toString()));
                        text.setLength(0);
                    }
                    pieces.add(piece);
                }
            }
        }
        if (!text.isEmpty()) {
            pieces.add(new Text(text.toString()));
        }
        return pieces;
    }

    /** Whether a polling body needs {@link #payload} at all: cheap, so most traffic is passed on untouched. */
    static boolean mayNeedAssembly(CharSequence body) {
        for (int i = 0; i < body.length(); i++) {
            boolean packetStart = i == 0 || body.charAt(i - 1) == SEPARATOR;
            if (packetStart && (body.charAt(i) == 'b' || (body.charAt(i) == '4' && i + 1 < body.length()
                    && (body.charAt(i + 1) == '5' || body.charAt(i + 1) == '6')))) {
                return true;
            }
        }
        return false;
    }

    private List<Piece> packet(String packet) throws MalformedException {
        if (!packet.isEmpty() && packet.charAt(0) == '4' && header != null) {
            throw new MalformedException("a Socket.IO packet where attachment " + (attachments.size() + 1) + " of "
                    + header.attachments() + " was due", false);
        }
        if (!BinaryHeader.isBinary(packet)) {
            return List.of(new Text(packet));
        }
        BinaryHeader parsed = BinaryHeader.parse(packet);
        if (parsed == null) {
            throw new MalformedException("not a binary Socket.IO packet: " + abbreviate(packet), false);
        }
        checkPlaceholders(packet, parsed);
        header = parsed;
        pending = packet;
        attachments = new ArrayList<>(Math.min(parsed.attachments(), 16));
        size = packet.getBytes(StandardCharsets.UTF_8).length;
        checkSize();
        return complete();
    }

    private List<Piece> attachment(byte[] bytes) throws MalformedException {
        if (header == null) {
            throw new MalformedException("an attachment that no binary packet announced", false);
        }
        attachments.add(bytes);
        size += bytes.length;
        checkSize();
        return complete();
    }

    private List<Piece> complete() {
        if (attachments.size() < header.attachments()) {
            return List.of();
        }
        Assembled assembled = new Assembled(header.asPlainPacket(pending), List.copyOf(attachments));
        header = null;
        pending = null;
        attachments = null;
        size = 0;
        return List.of(assembled);
    }

    private void checkSize() throws MalformedException {
        if (size > maxPayload) {
            header = null;
            pending = null;
            attachments = null;
            throw new MalformedException("a binary packet of more than " + maxPayload + " bytes (max-payload)", true);
        }
    }

    /** Every placeholder names an attachment, and every attachment is named by one at least. */
    private static void checkPlaceholders(String packet, BinaryHeader header) throws MalformedException {
        JsonNode data;
        try {
            data = JSON.readTree(packet.substring(header.dataStart()));
        } catch (JsonProcessingException e) {
            throw new MalformedException("a binary packet whose data is no JSON", false);
        }
        if (data == null || !data.isArray()) {
            throw new MalformedException("a binary packet whose data is no JSON array", false);
        }
        BitSet named = new BitSet();
        if (!collectPlaceholders(data, header.attachments(), named)
                || named.cardinality() != header.attachments()) {
            throw new MalformedException("a binary packet announcing " + header.attachments()
                    + " attachments whose placeholders do not name each of them", false);
        }
    }

    /** @return false when a placeholder names no attachment */
    private static boolean collectPlaceholders(JsonNode node, int attachments, BitSet named) {
        if (node.isObject() && node.path("_placeholder").isBoolean() && node.get("_placeholder").booleanValue()) {
            JsonNode num = node.get("num");
            if (num == null || !num.canConvertToInt() || !num.isIntegralNumber()
                    || num.intValue() < 0 || num.intValue() >= attachments) {
                return false;
            }
            named.set(num.intValue());
            return true;
        }
        for (JsonNode child : node) {
            if (!collectPlaceholders(child, attachments, named)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] decode(String packet) throws MalformedException {
        try {
            // Lenient about line breaks, as the reference is: the Java client breaks its base64 every 76 characters.
            return Base64.getMimeDecoder().decode(packet.substring(1));
        } catch (IllegalArgumentException e) {
            throw new MalformedException("a binary polling packet whose base64 does not decode", false);
        }
    }

    private static String abbreviate(String packet) {
        return packet.length() <= 40 ? packet : packet.substring(0, 40) + "...";
    }
}
