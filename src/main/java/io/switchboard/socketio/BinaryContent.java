package io.switchboard.socketio;

import io.switchboard.message.InvalidInputException;
import io.switchboard.message.JsonP;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Socket.IO message whose {@code content} came as binary ({@code {type: "image", content: <Buffer>, sender,
 * media_type?}}): its bytes become the base64 {@code data:} URL every other transport carries, of the given
 * {@code media_type} or, without one, of the type its first bytes show ({@link MediaSignatures}). The validator then
 * checks it as any other image or audio message.
 *
 * @param json      the message with the {@code data:} URL as its content
 * @param mediaType the content's media type; {@code null} when the content did not come as binary
 */
record BinaryContent(JsonObject json, String mediaType) {

    static final String MEDIA_TYPE = "media_type";

    // type "/" subtype, as RFC 6838 names them: nothing that could end the data: URL's header early.
    private static final Pattern MEDIA_TYPE_SYNTAX =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}");

    /** @param attachments the bytes the packet's placeholders stand for ({@link BinaryAttachments}) */
    static BinaryContent of(JsonObject message, List<byte[]> attachments) {
        byte[] bytes = attachment(message.get("content"), attachments);
        if (bytes == null) {
            return new BinaryContent(message, null); // not binary: left to the validator as it is
        }
        JsonValue type = message.get("type");
        if (type instanceof JsonString name && name.getString().equals("text")) {
            throw InvalidInputException.invalid("content",
                    "a text message's 'content' must be a string; binary content is for image and audio messages");
        }
        String mediaType = mediaType(message.get(MEDIA_TYPE), bytes);
        String dataUrl = "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes);
        return new BinaryContent(JsonP.createObjectBuilder(message).add("content", dataUrl).build(), mediaType);
    }

    /** The bytes a placeholder ({@code {"_placeholder":true,"num":n}}) stands for; {@code null} if it is none. */
    private static byte[] attachment(JsonValue content, List<byte[]> attachments) {
        if (!(content instanceof JsonObject placeholder) || !placeholder.getBoolean("_placeholder", false)
                || !(placeholder.get("num") instanceof JsonNumber num) || !num.isIntegral()) {
            return null;
        }
        int index = num.intValue();
        return index >= 0 && index < attachments.size() ? attachments.get(index) : null;
    }

    private static String mediaType(JsonValue given, byte[] bytes) {
        if (given == null || given.getValueType() == JsonValue.ValueType.NULL) {
            String detected = MediaSignatures.detect(bytes);
            if (detected == null) {
                throw InvalidInputException.invalid(MEDIA_TYPE, "binary content needs a 'media_type' (such as "
                        + "image/png): its bytes are of no image or audio format Switchboard recognizes");
            }
            return detected;
        }
        if (!(given instanceof JsonString text) || !MEDIA_TYPE_SYNTAX.matcher(text.getString()).matches()) {
            throw InvalidInputException.invalid(MEDIA_TYPE, "'media_type' must be a media type such as image/png");
        }
        return text.getString();
    }
}
