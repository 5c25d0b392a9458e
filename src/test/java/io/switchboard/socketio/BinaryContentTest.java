package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.message.InvalidInputException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryContentTest {

    private static final byte[] PNG_START = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 1};

    @Test
    void binaryContentBecomesADataUrlOfTheGivenOrDetectedMediaType() {
        BinaryContent detected = BinaryContent.of(message("image", null), List.of(PNG_START));
        BinaryContent given = BinaryContent.of(message("audio", "audio/x-raw"), List.of(new byte[] {0, 1, (byte) 255}));

        assertEquals("data:image/png;base64,iVBORw0KGgoB", detected.json().getString("content"));
        assertEquals("image/png", detected.mediaType());
        assertEquals("data:audio/x-raw;base64,AAH/", given.json().getString("content"));
        assertEquals("audio/x-raw", given.mediaType());
    }

    @Test
    void contentThatDidNotComeAsBinaryIsLeftToTheValidator() {
        JsonObject text = Json.createObjectBuilder().add("type", "image").add("content", "data:image/png;base64,AA==")
                .build();
        JsonObject forged = message("image", null); // a placeholder, but no attachments came with it

        assertSame(text, BinaryContent.of(text, List.of(PNG_START)).json());
        assertNull(BinaryContent.of(forged, List.of()).mediaType());
    }

    @Test
    void refusesBinaryTextUnknownBytesAndBadMediaTypes() {
        assertEquals("content", assertThrows(InvalidInputException.class,
                () -> BinaryContent.of(message("text", null), List.of(PNG_START))).field());
        assertEquals("media_type", assertThrows(InvalidInputException.class,
                () -> BinaryContent.of(message("image", null), List.of(new byte[] {1, 2}))).field());
        assertEquals("media_type", assertThrows(InvalidInputException.class,
                () -> BinaryContent.of(message("image", "image/png;base64,xx"), List.of(PNG_START))).field());
    }

    @Test
    void commonFormatsAreRecognizedByTheirSignature() {
        assertEquals("image/jpeg", MediaSignatures.detect(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0}));
        assertEquals("image/gif", MediaSignatures.detect("GIF89a...".getBytes()));
        assertEquals("image/webp", MediaSignatures.detect("RIFF\0\0\0\0WEBPVP8 ".getBytes()));
        assertEquals("audio/wav", MediaSignatures.detect("RIFF\0\0\0\0WAVEfmt ".getBytes()));
        assertEquals("audio/ogg", MediaSignatures.detect("OggS\0".getBytes()));
        assertNull(MediaSignatures.detect(new byte[] {(byte) 0x89, 'P'}));
    }

    private static JsonObject message(String type, String mediaType) {
        var json = Json.createObjectBuilder().add("type", type).add("sender", "a")
                .add("content", Json.createObjectBuilder().add("_placeholder", true).add("num", 0));
        if (mediaType != null) {
            json.add("media_type", mediaType);
        }
        return json.build();
    }
}
