package io.switchboard.system;

import static io.switchboard.system.JsonSupport.message;
import static io.switchboard.system.JsonSupport.obj;
import static io.switchboard.system.SseFrame.idIn;
import static io.switchboard.system.SseFrame.withId;
import static io.switchboard.system.SystemTestSupport.DELIVERY_TIMEOUT;
import static io.switchboard.system.SystemTestSupport.EVENT_ID_ORDER;
import static io.switchboard.system.SystemTestSupport.unique;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.Test;

/**
 * Delivery over both SSE endpoints: the {@code /api/events} envelope stream and the Flask-SSE compatible
 * {@code /stream}; channel narrowing, "everyone" events (room-less messages, broadcasts) and {@code Last-Event-ID}
 * replay.
 */
class SseStreamIT extends SystemTestBase {

    private static final String EVENTS = "api/events";
    private static final String STREAM = "stream";

    // ---------------------------------------------------------------- the wire format

    @Test
    void eventsStreamOpensWithACommentAndRetryThenSendsHeartbeats() {
        try (RawSseClient raw = api.openRaw(EVENTS, Map.of()).expectEventStream()) {
            SseFrame first = raw.frames().await(frame -> true, DELIVERY_TIMEOUT, "the connect preamble");
            assertAll(
                    () -> assertNotNull(first.comment(), first::toString),
                    () -> assertTrue(first.retry() != null && first.retry() > 0, first::toString),
                    () -> assertNull(first.data(), first::toString),
                    () -> assertNull(first.id(), first::toString));

            raw.frames().awaitCount(SseFrame::isCommentOnly, 2, DELIVERY_TIMEOUT,
                    "a heartbeat comment after the preamble");
            assertNull(raw.failure(), "the stream failed");
        }
    }

    @Test
    void publishedEventReachesEventSourceAsAnUnnamedEnvelope() {
        try (JerseySseSubscriber subscriber = api.subscribe(EVENTS)) {
            api.awaitLive(subscriber, "sse");

            String id = api.publish("test", obj("message", "Hello SSE"), null);

            SseFrame frame = subscriber.frames().await(withId(id), DELIVERY_TIMEOUT, "event " + id);
            JsonObject envelope = frame.jsonObject();
            assertAll(
                    () -> assertNull(frame.event(), frame::toString),
                    () -> assertEquals(id, envelope.getString("id"), envelope::toString),
                    () -> assertEquals("test", envelope.getString("event_type"), envelope::toString),
                    () -> assertEquals("Hello SSE", envelope.getJsonObject("data").getString("message"),
                            envelope::toString),
                    () -> assertEquals("rest", envelope.getString("source"), envelope::toString),
                    () -> assertEquals("sse", envelope.getString("channel"), envelope::toString),
                    () -> assertNotNull(envelope.get("timestamp"), envelope::toString),
                    () -> assertEquals(List.of(), subscriber.errors(), "SseEventSource errors"));
        }
    }

    @Test
    void flaskStreamDeliversNamedEventsOnTheSseChannelByDefault() {
        try (JerseySseSubscriber explicit = api.subscribe(STREAM + "?channel=sse");
             JerseySseSubscriber byDefault = api.subscribe(STREAM)) {
            api.awaitLive(explicit, "sse");
            api.awaitLive(byDefault, "sse");

            String id = api.publish("test", obj("message", "Hello SSE"), null);

            for (JerseySseSubscriber subscriber : List.of(explicit, byDefault)) {
                SseFrame frame = subscriber.frames().await(withId(id), DELIVERY_TIMEOUT, "event " + id);
                assertEquals("test", frame.event(), frame::toString);
                assertEquals(obj("message", "Hello SSE"), frame.json(), frame::toString);
            }
        }
    }

    @Test
    void flaskStreamNarrowsToItsChannelButGetsEveryoneEvents() {
        String other = unique("other");
        try (JerseySseSubscriber subscriber = api.subscribe(STREAM + "?channel=" + other)) {
            api.awaitLive(subscriber, other);

            String foreign = api.publish("test", obj("message", "not for " + other), "sse");
            JsonObject direct = api.postMessage(message("text", unique("to-everyone"), "alice", null));
            JsonObject broadcast = api.broadcast(message("text", unique("broadcast"), "bob", null));
            String marker = api.publish("marker", obj(), other);

            FrameLog frames = subscriber.frames();
            frames.await(withId(marker), DELIVERY_TIMEOUT, "the marker on " + other);
            assertSameMessage(direct, frames.await(flaskMessage(direct), DELIVERY_TIMEOUT, "the room-less message")
                    .jsonObject());
            assertSameMessage(broadcast.getJsonObject("message"),
                    frames.await(flaskMessage(broadcast.getJsonObject("message")), DELIVERY_TIMEOUT, "the broadcast")
                            .jsonObject());
            assertTrue(broadcast.getInt("recipients") >= 1, broadcast::toString);
            assertEquals(List.of(), frames.matching(withId(foreign)), "a channel-sse event reached " + other);
        }
    }

    @Test
    void roomMessageReachesItsChannelAndUnfilteredSubscribersOnly() {
        String r1 = unique("r1");
        String r2 = unique("r2");
        try (JerseySseSubscriber onR1 = api.subscribe(EVENTS + "?channel=" + r1);
             JerseySseSubscriber onAll = api.subscribe(EVENTS);
             JerseySseSubscriber onR2 = api.subscribe(EVENTS + "?channel=" + r2)) {
            api.awaitLive(onR1, r1);
            api.awaitLive(onAll, r1);
            api.awaitLive(onR2, r2);

            JsonObject stored = api.postMessage(message("text", unique("for-r1"), "alice", r1));
            String marker = api.publish("marker", obj(), r2);

            for (JerseySseSubscriber subscriber : List.of(onR1, onAll)) {
                JsonObject envelope = subscriber.frames()
                        .await(envelopeMessage(stored), DELIVERY_TIMEOUT, "the r1 message").jsonObject();
                assertEquals(r1, envelope.getString("channel"), envelope::toString);
                assertSameMessage(stored, envelope.getJsonObject("data"));
            }
            onR2.frames().await(withId(marker), DELIVERY_TIMEOUT, "the marker on " + r2);
            assertEquals(List.of(), onR2.frames().matching(envelopeMessage(stored)), "the r1 message reached " + r2);
        }
    }

    @Test
    void everyoneEventsReachEveryChannelOnApiEvents() {
        String a = unique("a");
        String b = unique("b");
        try (JerseySseSubscriber onA = api.subscribe(EVENTS + "?channel=" + a);
             JerseySseSubscriber onB = api.subscribe(EVENTS + "?channel=" + b);
             JerseySseSubscriber onAll = api.subscribe(EVENTS)) {
            api.awaitLive(onA, a);
            api.awaitLive(onB, b);
            api.awaitLive(onAll, a);

            JsonObject direct = api.postMessage(message("text", unique("to-everyone"), "alice", null));
            JsonObject broadcast = api.broadcast(
                    message("image", "https://example.com/" + unique("img") + ".png", "bob", null));

            List<JerseySseSubscriber> subscribers = List.of(onA, onB, onAll);
            assertTrue(broadcast.getInt("recipients") >= subscribers.size(), broadcast::toString);
            for (JerseySseSubscriber subscriber : subscribers) {
                for (JsonObject sent : List.of(direct, broadcast.getJsonObject("message"))) {
                    JsonObject envelope = subscriber.frames()
                            .await(envelopeMessage(sent), DELIVERY_TIMEOUT, "message " + sent.getString("id"))
                            .jsonObject();
                    assertSameMessage(sent, envelope.getJsonObject("data"));
                }
            }
        }
    }

    // ---------------------------------------------------------------- Last-Event-ID

    @Test
    void eventSourceWithLastEventIdGetsTheRestThenLiveEvents() {
        assertReplayAfterLastEventId(EVENTS, api::subscribe, frame -> frame.jsonObject().getJsonObject("data"));
    }

    @Test
    void rawStreamWithLastEventIdGetsTheRestThenLiveEvents() {
        assertReplayAfterLastEventId(EVENTS, this::openRawResuming, frame -> frame.jsonObject().getJsonObject("data"));
    }

    @Test
    void flaskStreamWithLastEventIdGetsTheRestThenLiveEvents() {
        assertReplayAfterLastEventId(STREAM, this::openRawResuming, SseFrame::jsonObject);
    }

    private SseClient openRawResuming(String pathAndQuery, String lastEventId) {
        return api.openRaw(pathAndQuery, Map.of(SwitchboardApi.LAST_EVENT_ID, lastEventId)).expectEventStream();
    }

    /**
     * Publishes e1..e5 on a fresh channel (and one event elsewhere), resumes after e2 and expects exactly e3, e4, e5,
     * then a live e6: in order, none twice, nothing from the other channel.
     */
    private void assertReplayAfterLastEventId(String streamPath, BiFunction<String, String, SseClient> resume,
                                              Function<SseFrame, JsonObject> dataOf) {
        String channel = unique("replay");
        List<String> ids = new ArrayList<>();
        String elsewhere = null;
        for (int n = 1; n <= 5; n++) {
            ids.add(api.publish("replay", obj("n", n), channel));
            if (n == 3) {
                elsewhere = api.publish("replay", obj("n", -1), unique("elsewhere"));
            }
        }
        assertEquals(ids.stream().sorted(EVENT_ID_ORDER).toList(), ids, "event ids increase");

        try (SseClient client = resume.apply(streamPath + "?channel=" + channel, ids.get(1))) {
            FrameLog frames = client.frames();
            List<String> rest = ids.subList(2, 5);
            frames.awaitCount(idIn(rest), rest.size(), DELIVERY_TIMEOUT, "replayed e3..e5");

            String live = api.publish("replay", obj("n", 6), channel);
            frames.await(withId(live), DELIVERY_TIMEOUT, "live e6");

            Set<String> ours = new HashSet<>(ids);
            ours.add(elsewhere);
            ours.add(live);
            List<SseFrame> received = frames.matching(idIn(ours));
            assertEquals(List.of(ids.get(2), ids.get(3), ids.get(4), live),
                    received.stream().map(SseFrame::id).toList(), "events after e2, then e6");
            assertEquals(List.of(3, 4, 5, 6), received.stream().map(frame -> dataOf.apply(frame).getInt("n")).toList());

            List<String> everyId = frames.matching(frame -> frame.id() != null).stream().map(SseFrame::id).toList();
            assertEquals(new HashSet<>(everyId).size(), everyId.size(), () -> "an event came twice: " + everyId);
            assertEquals(everyId.stream().sorted(EVENT_ID_ORDER).toList(), everyId, "events arrive in id order");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** An {@code /api/events} envelope of type {@code message} carrying the message with {@code sent}'s content. */
    private static Predicate<SseFrame> envelopeMessage(JsonObject sent) {
        return frame -> "message".equals(frame.envelopeType())
                && sameContent(sent, frame.jsonObject().get("data") instanceof JsonObject data ? data : null);
    }

    /** A {@code /stream} event named {@code message} carrying the message with {@code sent}'s content. */
    private static Predicate<SseFrame> flaskMessage(JsonObject sent) {
        return frame -> "message".equals(frame.event()) && frame.hasData() && frame.data().startsWith("{")
                && sameContent(sent, frame.jsonObject());
    }

    private static boolean sameContent(JsonObject sent, JsonObject received) {
        return received != null && received.get("content") instanceof JsonString content
                && content.getString().equals(sent.getString("content"));
    }

    private static void assertSameMessage(JsonObject expected, JsonObject delivered) {
        assertAll(
                () -> assertEquals(expected.getString("id"), delivered.getString("id"), delivered::toString),
                () -> assertEquals(expected.getString("type"), delivered.getString("type"), delivered::toString),
                () -> assertEquals(expected.getString("content"), delivered.getString("content"), delivered::toString),
                () -> assertEquals(expected.getString("sender"), delivered.getString("sender"), delivered::toString),
                () -> assertEquals(expected.get("room"), delivered.get("room"), delivered::toString));
    }
}
