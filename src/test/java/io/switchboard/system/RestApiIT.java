package io.switchboard.system;

import static io.switchboard.system.JsonSupport.message;
import static io.switchboard.system.JsonSupport.obj;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The REST surface: health, publish, message and broadcast, every validation rule and every generic error (400, 404,
 * 405, 413, 415), all answered as JSON.
 */
class RestApiIT extends SystemTestBase {

    static final String PUBLISH = "api/events/publish";
    static final String MESSAGE = "api/message";
    static final String BROADCAST = "api/messages/broadcast";

    /** A 1x1 PNG. */
    static final String PNG_DATA_URL = "data:image/png;base64,"
            + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
    /** A WAV header with no samples. */
    static final String WAV_DATA_URL = "data:audio/wav;base64,"
            + "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=";

    static final int BODY_LIMIT = 1_048_576;

    /** When this class's tests began: after Arquillian deployed the WAR (in its beforeAll), before any request. */
    private static Instant testsBegan;

    @BeforeAll
    static void noteWhenTestsBegan() {
        testsBegan = Instant.now();
    }

    // ---------------------------------------------------------------- health

    @Test
    void healthReportsStatusVersionNodeUptimeAndSseComponent() {
        JsonObject health = api.health();

        assertAll(
                () -> assertEquals("UP", health.getString("status"), health::toString),
                () -> assertFalse(health.getString("version").isBlank(), health::toString),
                () -> assertFalse(health.getString("node").isBlank(), health::toString),
                () -> assertTrue(health.getJsonNumber("uptime_seconds").longValue() >= 0, health::toString),
                () -> DateTimeFormatter.ISO_DATE_TIME.parse(health.getString("started_at")),
                () -> assertEquals("UP", sse(health).getString("status"), health::toString),
                () -> assertTrue(sse(health).getJsonNumber("connections").isIntegral()
                        && sse(health).getInt("connections") >= 0, health::toString));
    }

    @Test
    void healthCountsUptimeFromTheDeploymentNotFromTheFirstRequest() {
        // Compared with a time taken before any test of this class sent a request, so whichever test asks for
        // health first, a clock started by the first request (the old bug) lands after it and fails here.
        Instant asked = Instant.now();
        JsonObject health = api.health();
        Instant startedAt = Instant.parse(health.getString("started_at"));

        assertAll(
                () -> assertTrue(startedAt.isBefore(testsBegan),
                        "started_at " + startedAt + " is not before the tests began (" + testsBegan + "): " + health),
                () -> assertTrue(health.getJsonNumber("uptime_seconds").longValue()
                        >= Duration.between(startedAt, asked).toSeconds(), health::toString));
    }

    private static JsonObject sse(JsonObject health) {
        return health.getJsonObject("components").getJsonObject("sse");
    }

    // ---------------------------------------------------------------- publish

    @Test
    void publishAcceptsAnEventAndDefaultsTheChannelToSse() {
        JsonObject accepted = api.postJson(PUBLISH, obj("event_type", "test", "data", obj("message", "Hello SSE")))
                .expectJson(202);

        assertAll(
                () -> assertFalse(accepted.getString("id").isBlank(), accepted::toString),
                () -> assertTrue(accepted.getString("id").matches("\\d+-\\d+"), accepted::toString),
                () -> assertEquals("test", accepted.getString("event_type"), accepted::toString),
                () -> assertEquals("sse", accepted.getString("channel"), accepted::toString));
    }

    static Stream<Arguments> acceptedEvents() {
        String longestType = "a.b:c-d_E9" + "x".repeat(54);
        return Stream.of(
                Arguments.of("no data", obj("event_type", "test", "channel", "news")),
                Arguments.of("object data", obj("event_type", "test", "data", obj("a", obj("b", 1)), "channel", "news")),
                Arguments.of("array data", obj("event_type", "test", "data", Json.createArrayBuilder().add(1).add("two")
                        .build(), "channel", "news")),
                Arguments.of("number data", obj("event_type", "test", "data", 42, "channel", "news")),
                Arguments.of("string data", obj("event_type", "test", "data", "plain", "channel", "news")),
                Arguments.of("64-char type with every allowed punctuation", obj("event_type", longestType,
                        "channel", "a.b:c-d_E9")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedEvents")
    void publishAcceptsAnyJsonDataAndValidNames(String description, JsonObject body) {
        JsonObject accepted = api.postJson(PUBLISH, body).expectJson(202);

        assertAll(
                () -> assertFalse(accepted.getString("id").isBlank(), accepted::toString),
                () -> assertEquals(body.getString("event_type"), accepted.getString("event_type"), accepted::toString),
                () -> assertEquals(body.getString("channel"), accepted.getString("channel"), accepted::toString));
    }

    static Stream<Arguments> rejectedEvents() {
        return Stream.of(
                Arguments.of(obj("data", obj()), "missing_field", "event_type"),
                Arguments.of(obj("event_type", 42), "invalid_field", "event_type"),
                Arguments.of(obj("event_type", ""), "invalid_field", "event_type"),
                Arguments.of(obj("event_type", "te\r\nst"), "invalid_field", "event_type"),
                Arguments.of(obj("event_type", "test\n"), "invalid_field", "event_type"),
                Arguments.of(obj("event_type", "bad type"), "invalid_field", "event_type"),
                Arguments.of(obj("event_type", "x".repeat(65)), "invalid_field", "event_type"),
                Arguments.of(obj("event_type", "test", "channel", "a b"), "invalid_field", "channel"),
                Arguments.of(obj("event_type", "test", "channel", "x\nevil"), "invalid_field", "channel"),
                Arguments.of(obj("event_type", "test", "channel", 7), "invalid_field", "channel"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("rejectedEvents")
    void publishRejectsInvalidEvents(JsonObject body, String error, String field) {
        api.postJson(PUBLISH, body).expectError(400, error, field);
    }

    // ---------------------------------------------------------------- messages

    static Stream<Arguments> validMessages() {
        return Stream.of(
                Arguments.of(message("text", "Hello room", "alice", null)),
                Arguments.of(message("text", "Hello r1", "alice", "r1")),
                Arguments.of(message("image", PNG_DATA_URL, "bob", null)),
                Arguments.of(message("audio", WAV_DATA_URL, "carol", "voice.room_1")),
                Arguments.of(message("image", "https://example.com/cat.png", "dave", null)),
                Arguments.of(message("audio", "http://example.com/hello.mp3", "erin", null)),
                Arguments.of(message("text", "longest sender", "s".repeat(100), null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validMessages")
    void postMessageStoresEveryValidMessage(JsonObject message) {
        assertStoredMessage(message, api.postMessage(message));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validMessages")
    void broadcastAcceptsEveryValidMessageAndCountsRecipients(JsonObject message) {
        JsonObject accepted = api.broadcast(message);

        assertAll(
                () -> assertFalse(accepted.getString("id").isBlank(), accepted::toString),
                () -> assertTrue(accepted.getJsonNumber("recipients").isIntegral()
                        && accepted.getInt("recipients") >= 0, accepted::toString),
                () -> assertStoredMessage(message, accepted.getJsonObject("message")));
    }

    private static void assertStoredMessage(JsonObject sent, JsonObject stored) {
        assertAll(
                () -> assertFalse(stored.getString("id").isBlank(), stored::toString),
                () -> assertEquals(sent.getString("type"), stored.getString("type"), stored::toString),
                () -> assertEquals(sent.getString("content"), stored.getString("content"), stored::toString),
                () -> assertEquals(sent.getString("sender"), stored.getString("sender"), stored::toString),
                () -> assertEquals(sent.get("room"), stored.get("room"), stored::toString),
                () -> assertTrue(stored.get("timestamp") instanceof JsonString
                        || stored.get("timestamp") instanceof JsonNumber, stored::toString));
    }

    static Stream<Arguments> invalidMessages() {
        List<Arguments> cases = new ArrayList<>();
        for (String endpoint : List.of(MESSAGE, BROADCAST)) {
            Stream.of(
                    Arguments.of(obj("content", "hi", "sender", "a"), "missing_field", "type"),
                    Arguments.of(obj("type", "text", "sender", "a"), "missing_field", "content"),
                    Arguments.of(obj("type", "text", "content", "hi"), "missing_field", "sender"),
                    Arguments.of(message("text", 42, "a", null), "invalid_field", "content"),
                    Arguments.of(message("text", "", "a", null), "invalid_field", "content"),
                    Arguments.of(message("text", "hi", 42, null), "invalid_field", "sender"),
                    Arguments.of(message("text", "hi", "", null), "invalid_field", "sender"),
                    Arguments.of(message("text", "hi", "s".repeat(101), null), "invalid_field", "sender"),
                    Arguments.of(message("video", "hi", "a", null), "unknown_type", "type"),
                    Arguments.of(message("image", WAV_DATA_URL, "a", null), "invalid_field", "content"),
                    Arguments.of(message("audio", PNG_DATA_URL, "a", null), "invalid_field", "content"),
                    Arguments.of(message("image", "data:image/png;base64,@@not*base64@@", "a", null),
                            "invalid_field", "content"),
                    Arguments.of(message("image", "just some text", "a", null), "invalid_field", "content"),
                    Arguments.of(message("image", "ftp://example.com/cat.png", "a", null), "invalid_field", "content"),
                    Arguments.of(message("text", "hi", "a", "a b"), "invalid_field", "room"),
                    Arguments.of(message("text", "hi", "a", "x\nevil"), "invalid_field", "room"),
                    Arguments.of(message("text", "hi", "a", 5), "invalid_field", "room"))
                    .map(Arguments::get)
                    .forEach(args -> cases.add(Arguments.of(endpoint, args[0], args[1], args[2])));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @MethodSource("invalidMessages")
    void messageEndpointsRejectInvalidMessages(String endpoint, JsonObject body, String error, String field) {
        api.postJson(endpoint, body).expectError(400, error, field);
    }

    // ---------------------------------------------------------------- generic errors

    static Stream<Arguments> badBodies() {
        List<Arguments> cases = new ArrayList<>();
        for (String endpoint : List.of(PUBLISH, MESSAGE, BROADCAST)) {
            cases.add(Arguments.of(endpoint, "malformed JSON", "{\"type\": \"text\", \"content\":", "application/json",
                    400, "malformed_json"));
            cases.add(Arguments.of(endpoint, "JSON array", "[1, 2, 3]", "application/json", 400, "invalid_body"));
            cases.add(Arguments.of(endpoint, "JSON string", "\"text\"", "application/json", 400, "invalid_body"));
            cases.add(Arguments.of(endpoint, "text/plain", validBody(endpoint, "hello"), "text/plain", 415,
                    "unsupported_media_type"));
            cases.add(Arguments.of(endpoint, "body over 1 MiB", validBody(endpoint, "x".repeat(BODY_LIMIT + 1024)),
                    "application/json", 413, "payload_too_large"));
        }
        return cases.stream();
    }

    /** A body that would be accepted by {@code endpoint}, carrying {@code text}. */
    private static String validBody(String endpoint, String text) {
        JsonObject body = PUBLISH.equals(endpoint)
                ? obj("event_type", "test", "data", obj("message", text))
                : message("text", text, "alice", null);
        return body.toString();
    }

    @ParameterizedTest(name = "{0} {1} -> {4} {5}")
    @MethodSource("badBodies")
    void jsonEndpointsRejectBadBodies(String endpoint, String description, String body, String contentType,
                                      int status, String error) {
        api.postRaw(endpoint, body, contentType).expectError(status, error, null);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownPaths")
    void unknownApiPathsAreJson404(String method, String path) {
        assertNotNull(api.send(method, path).expectError(404, "not_found", null));
    }

    static Stream<Arguments> unknownPaths() {
        return Stream.of(
                Arguments.of("GET", "api/does-not-exist"),
                Arguments.of("GET", "api/events/publish/extra"),
                Arguments.of("DELETE", "api/nothing/here"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongMethods")
    void wrongMethodsAreJson405(String method, String path) {
        api.send(method, path).expectError(405, "method_not_allowed", null);
    }

    static Stream<Arguments> wrongMethods() {
        return Stream.of(
                Arguments.of("DELETE", "api/health"),
                Arguments.of("POST", "api/health"),
                Arguments.of("GET", "api/message"),
                Arguments.of("GET", "api/messages/broadcast"),
                Arguments.of("GET", "api/events/publish"),
                Arguments.of("DELETE", "api/events"));
    }
}
