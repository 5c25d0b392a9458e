package io.switchboard.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

    private final FrameReader reader = new FrameReader(100);

    @Test
    void readsTheActionTheRefAndKeepsTheWholeFrame() {
        ClientRequest request = reader.read("{\"action\":\"join\",\"room\":\"r\",\"ref\":\"a1\"}");
        assertEquals(Action.JOIN, request.action());
        assertEquals(Json.createValue("a1"), request.ref());
        assertEquals("r", request.body().getString("room"));
    }

    @Test
    void numericRefsAreKeptAsNumbersAndNullMeansNone() {
        assertEquals(Json.createValue(7), reader.read("{\"action\":\"leave\",\"ref\":7}").ref());
        assertNull(reader.read("{\"action\":\"leave\",\"ref\":null}").ref());
        assertNull(reader.read("{\"action\":\"leave\"}").ref());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"action\":                         | malformed_json |        | false",
        "[]                                   | invalid_body   |        | false",
        "42                                   | invalid_body   |        | false",
        "{\"ref\":\"r\"}                      | missing_field  | action | true",
        "{\"ref\":\"r\",\"action\":null}      | missing_field  | action | true",
        "{\"ref\":\"r\",\"action\":[]}        | invalid_field  | action | true",
        "{\"ref\":\"r\",\"action\":\"MESSAGE\"} | unknown_action | action | true",
        "{\"ref\":true,\"action\":\"join\"}   | invalid_field  | ref    | false",
        "{\"ref\":[1],\"action\":\"join\"}    | invalid_field  | ref    | false",
    })
    void refusesBadFramesKeepingTheRefWhenItCan(String text, String error, String field, boolean refKept) {
        RejectedFrame rejected = assertThrows(RejectedFrame.class, () -> reader.read(text));
        assertEquals(error, rejected.problem().error());
        assertEquals(field, rejected.problem().field());
        assertEquals(refKept ? Json.createValue("r") : null, rejected.ref());
    }

    @Test
    void refusesOverlongRefs() {
        String ref = "r".repeat(FrameReader.MAX_REF_LENGTH + 1);
        RejectedFrame rejected = assertThrows(RejectedFrame.class,
                () -> new FrameReader(10_000).read("{\"action\":\"join\",\"ref\":\"" + ref + "\"}"));
        assertEquals("ref", rejected.problem().field());
    }

    @Test
    void countsTheLimitInUtf8Bytes() {
        // 30 three-byte characters: 90 bytes plus the JSON around them is over 100 bytes, though under 100 chars.
        String text = "{\"action\":\"join\",\"room\":\"" + "\u20ac".repeat(30) + "\"}";
        RejectedFrame rejected = assertThrows(RejectedFrame.class, () -> reader.read(text));
        assertEquals("payload_too_large", rejected.problem().error());
        assertEquals(413, rejected.problem().status());
        assertEquals(Action.JOIN, reader.read("{\"action\":\"join\",\"room\":\"" + "\u20ac".repeat(20) + "\"}").action());
    }
}
