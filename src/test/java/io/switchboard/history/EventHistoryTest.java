package io.switchboard.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EventHistoryTest {

    private static HubEvent event(String id, String channel) {
        Audience audience = channel == null ? Audience.EVERYONE : Audience.CHANNEL;
        return new HubEvent(id, "t", JsonValue.EMPTY_JSON_OBJECT, Instant.EPOCH, "test", channel, audience);
    }

    private static List<String> ids(List<HubEvent> events) {
        return events.stream().map(HubEvent::id).toList();
    }

    private static EventHistory<HubEvent> history(int perChannel, int maxChannels) {
        return new EventHistory<>(perChannel, maxChannels, Function.identity());
    }

    @Test
    void replaysWhatFollowsTheLastSeenIdInDeliveryOrder() {
        EventHistory<HubEvent> history = history(10, 10);
        history.append(event("1-0", "a"));
        history.append(event("2-0", "b"));
        history.append(event("3-0", null));
        history.append(event("4-0", "a"));
        assertEquals(List.of("3-0", "4-0"), ids(history.after("1-0", "a")));
        assertEquals(List.of("2-0", "3-0", "4-0"), ids(history.after("1-0", null)));
        assertEquals(List.of("3-0"), ids(history.after("2-0", "b")));
        assertEquals(List.of(), ids(history.after("4-0", "a")));
    }

    @Test
    void positionWinsOverIdOrderWhenIdsArrivedOutOfOrder() {
        EventHistory<HubEvent> history = history(10, 10);
        history.append(event("5-0", "a"));
        history.append(event("4-0", "a"));
        history.append(event("6-0", "a"));
        assertEquals(List.of("4-0", "6-0"), ids(history.after("5-0", "a")));
    }

    @Test
    void anIdNoLongerRetainedSelectsTheNewerEvents() {
        EventHistory<HubEvent> history = history(2, 10);
        for (int i = 1; i <= 5; i++) {
            history.append(event(i + "-0", "a"));
        }
        assertEquals(List.of("4-0", "5-0"), ids(history.after("1-0", "a")));
        assertEquals(List.of("5-0"), ids(history.after("4-5", "a")));
        assertEquals(List.of(), ids(history.after("not-an-id", "a")));
    }

    @Test
    void tellsWhetherAnIdIsStillRetainedForTheFollowersChannel() {
        EventHistory<HubEvent> history = history(2, 10);
        for (int i = 1; i <= 3; i++) {
            history.append(event(i + "-0", "a"));
        }
        history.append(event("9-0", null));
        assertEquals(false, history.retains("1-0", "a"), "evicted: a cluster node asks the stream then");
        assertEquals(true, history.retains("2-0", "a"));
        assertEquals(true, history.retains("9-0", "b"), "events for everyone reach every channel");
        assertEquals(false, history.retains("2-0", "b"), "not among what a follower of b receives");
        assertEquals(true, history.retains("3-0", null));
    }

    @Test
    void forgetsTheLeastRecentlyWrittenChannelFirst() {
        EventHistory<HubEvent> history = history(10, 2);
        history.append(event("1-0", "a"));
        history.append(event("2-0", "b"));
        history.append(event("3-0", "a"));
        history.append(event("4-0", "c"));
        assertEquals(List.of(), ids(history.after("0-0", "b")));
        assertEquals(List.of("1-0", "3-0"), ids(history.after("0-0", "a")));
    }

    @Test
    void keepsNothingWhenSizeIsZero() {
        EventHistory<HubEvent> history = history(0, 2);
        history.append(event("1-0", "a"));
        assertEquals(List.of(), ids(history.after("0-0", null)));
    }
}
