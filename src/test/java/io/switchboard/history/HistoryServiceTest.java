package io.switchboard.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.message.Audience;
import io.switchboard.message.HistoryRequest;
import io.switchboard.message.HubEvent;
import io.switchboard.message.ReplaySource;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistoryServiceTest {

    private final RecentEvents recent = recentEvents(100);
    private final List<String> askedTheCluster = new ArrayList<>();

    private static RecentEvents recentEvents(int size) {
        RecentEvents events = new RecentEvents();
        events.size = size;
        events.channels = 10;
        events.init();
        return events;
    }

    private static HubEvent event(String id, String channel) {
        return new HubEvent(id, "t", JsonValue.EMPTY_JSON_OBJECT, Instant.EPOCH, "test", channel,
                channel == null ? Audience.EVERYONE : Audience.CHANNEL);
    }

    private static List<String> ids(HistoryPage page) {
        return page.events().stream().map(HubEvent::id).toList();
    }

    private HistoryService service(List<HubEvent> inTheStream) {
        ReplaySource cluster = (since, channel) -> {
            askedTheCluster.add(since);
            return inTheStream == null ? Optional.empty() : Optional.of(inTheStream);
        };
        return new HistoryService(recent, cluster);
    }

    @Test
    void answersFromThisNodeWhenItStillHoldsTheId() {
        recent.record(event("1-0", "a"));
        recent.record(event("2-0", "b"));
        recent.record(event("3-0", null));
        recent.record(event("4-0", "a"));

        HistoryPage page = service(List.of()).since(new HistoryRequest("1-0", "a"));

        assertEquals(List.of("3-0", "4-0"), ids(page));
        assertFalse(page.more());
        assertTrue(askedTheCluster.isEmpty());
    }

    @Test
    void asksTheClusterForAnIdThisNodeNeverHeldThenAddsWhatItDeliveredSince() {
        recent.record(event("5-0", "a"));
        recent.record(event("6-0", "a"));

        HistoryPage page = service(List.of(event("3-0", "a"), event("5-0", "a"))).since(new HistoryRequest("2-0", "a"));

        assertEquals(List.of("2-0"), askedTheCluster);
        assertEquals(List.of("3-0", "5-0", "6-0"), ids(page));
    }

    @Test
    void aSingleNodeFallsBackToIdOrder() {
        recent.record(event("5-0", "a"));
        recent.record(event("6-0", "a"));

        assertEquals(List.of("6-0"), ids(service(null).since(new HistoryRequest("5-5", "a"))));
    }

    @Test
    void fullPagesSayThereIsMoreAndTheNextPageFollowsOn() {
        RecentEvents many = recentEvents(HistoryService.PAGE_SIZE + 10);
        for (int i = 1; i <= HistoryService.PAGE_SIZE + 1; i++) {
            many.record(event(i + "-0", "a"));
        }
        HistoryService service = new HistoryService(many, (since, channel) -> Optional.empty());

        HistoryPage first = service.since(new HistoryRequest("0-0", "a"));
        HistoryPage second = service.since(new HistoryRequest(ids(first).get(ids(first).size() - 1), "a"));

        assertTrue(first.more());
        assertEquals(HistoryService.PAGE_SIZE, first.events().size());
        assertEquals(List.of((HistoryService.PAGE_SIZE + 1) + "-0"), ids(second));
        assertFalse(second.more());
    }
}
