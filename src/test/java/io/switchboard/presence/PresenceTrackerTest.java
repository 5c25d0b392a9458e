package io.switchboard.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.auth.ChannelPatterns;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;
import io.switchboard.message.InvalidInputException;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Presence of one node alone, driven through the connection registry as the transports drive it. */
class PresenceTrackerTest {

    private final List<HubEvent> sent = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final PresenceTracker tracker = new PresenceTracker("n1", new InProcessPresence(), sent::add,
            () -> ids.incrementAndGet() + "-0", Runnable::run,
            Clock.fixed(Instant.parse("2026-12-03T09:00:00Z"), ZoneOffset.UTC));
    private final ConnectionRegistry registry = new ConnectionRegistry();

    PresenceTrackerTest() {
        registry.tell(tracker);
    }

    @Test
    void aJoinIsListedAndToldToTheRoomAsAPresenceEvent() {
        registry.tryRegister("websocket-1", "websocket", "10.0.0.1", Set.of(), "ann");
        registry.joined("websocket-1", "ops");

        assertEquals(List.of("websocket-1"), ids(tracker.members("ops")));
        assertEquals(Map.of("ops", 1), tracker.counts());
        HubEvent join = sent.get(0);
        assertEquals("presence", join.eventType());
        assertEquals("ops", join.channel());
        assertEquals(Audience.CHANNEL, join.audience());
        assertEquals("{\"action\":\"join\",\"room\":\"ops\",\"connection_id\":\"websocket-1\",\"user\":\"ann\","
                + "\"transport\":\"websocket\",\"node\":\"n1\"}", join.data().toString());
        assertEquals("{\"connection_id\":\"websocket-1\",\"user\":\"ann\",\"transport\":\"websocket\",\"node\":\"n1\","
                + "\"joined_at\":\"2026-12-03T09:00:00Z\"}", tracker.members("ops").get(0).toJson().toString());
    }

    @Test
    void anSseSubscriberIsAMemberOfItsChannelFromTheStartWithoutAUser() {
        registry.tryRegister("sse-1", "sse", "10.0.0.1", Set.of("news"));

        Member member = tracker.members("news").get(0);
        assertNull(member.user());
        assertTrue(member.toJson().isNull("user"), "null, not left out");
        assertEquals("join", action(sent.get(0)));
    }

    @Test
    void everyCloseLeavesEveryRoomOnceAndNothingIsJoinedAfterwards() {
        registry.tryRegister("socketio-1", "socketio", "10.0.0.1", Set.of(), "bob");
        registry.joined("socketio-1", "a");
        registry.joined("socketio-1", "a"); // joined again: no second join
        registry.joined("socketio-1", "b");
        registry.left("socketio-1", "a");
        registry.left("socketio-1", "a");
        registry.unregister("socketio-1");
        registry.unregister("socketio-1"); // a second close path
        registry.joined("socketio-1", "c"); // a join racing the close

        assertEquals(List.of("join a", "join b", "leave a", "leave b"), sent.stream()
                .map(event -> action(event) + " " + event.channel()).toList());
        assertEquals(Map.of(), tracker.counts());
        assertEquals(List.of(), tracker.members("a"));
    }

    @Test
    void theListIsInJoiningOrderAndCountsAreByRoom() {
        registry.tryRegister("sse-2", "sse", "10.0.0.1", Set.of("r"));
        registry.tryRegister("sse-1", "sse", "10.0.0.1", Set.of("r"));
        registry.tryRegister("sse-3", "sse", "10.0.0.1", Set.of("s"));

        assertEquals(List.of("sse-1", "sse-2"), ids(tracker.members("r")), "same instant: by connection id");
        assertEquals(Map.of("r", 2, "s", 1), tracker.counts());
    }

    @Test
    void stoppingSendsTheLeavesOfEveryMemberAndIgnoresLaterChanges() {
        registry.tryRegister("sse-1", "sse", "10.0.0.1", Set.of("r"));
        registry.tryRegister("websocket-1", "websocket", "10.0.0.1", Set.of());
        registry.joined("websocket-1", "q");

        tracker.stop(Duration.ofSeconds(1));
        registry.unregister("sse-1");
        registry.tryRegister("sse-2", "sse", "10.0.0.1", Set.of("r"));

        assertEquals(4, sent.size(), () -> sent.toString());
        assertEquals(Set.of("leave r", "leave q"), Set.of(action(sent.get(2)) + " " + sent.get(2).channel(),
                action(sent.get(3)) + " " + sent.get(3).channel()));
        assertEquals(Map.of(), tracker.counts());
    }

    @Test
    void joinsAndLeavesAreEventsOnlyWhileTheRoomIsSmallAndALeaveOnlyWhenItsJoinWas() {
        PresenceTracker capped = new PresenceTracker("n1", new InProcessPresence(), sent::add, () -> "1-0",
                Runnable::run, Clock.systemUTC(), 2);
        ConnectionRegistry small = new ConnectionRegistry();
        small.tell(capped);
        for (String id : List.of("sse-1", "sse-2", "sse-3")) {
            small.tryRegister(id, "sse", "10.0.0.1", Set.of("big"));
        }
        small.unregister("sse-3"); // joined unannounced: leaves unannounced
        small.unregister("sse-1");
        small.tryRegister("sse-4", "sse", "10.0.0.1", Set.of("big")); // the room is small again

        assertEquals(List.of("join sse-1", "join sse-2", "leave sse-1", "join sse-4"), sent.stream()
                .map(event -> action(event) + " " + event.data().asJsonObject().getString("connection_id")).toList());
        assertEquals(Map.of("big", 2), capped.counts(), "the list keeps every member");

        capped.stop(Duration.ofSeconds(1));
        assertEquals(List.of("leave sse-2", "leave sse-4"), sent.subList(4, sent.size()).stream()
                .map(event -> action(event) + " " + event.data().asJsonObject().getString("connection_id")).sorted()
                .toList());
    }

    @Test
    void noEventsAtAllWhenTheLimitIsZero() {
        PresenceTracker silent = new PresenceTracker("n1", new InProcessPresence(), sent::add, () -> "1-0",
                Runnable::run, Clock.systemUTC(), 0);
        ConnectionRegistry quiet = new ConnectionRegistry();
        quiet.tell(silent);
        quiet.tryRegister("sse-1", "sse", "10.0.0.1", Set.of("r"));
        quiet.unregister("sse-1");
        quiet.tryRegister("sse-2", "sse", "10.0.0.1", Set.of("r"));

        assertEquals(List.of(), sent);
        assertEquals(Map.of("r", 1), silent.counts());
    }

    @Test
    void aRefusedEventDoesNotStopTheTransport() {
        PresenceTracker refusing = new PresenceTracker("n1", new InProcessPresence(), event -> {
            throw new IllegalStateException("outbox full");
        }, () -> "1-0", Runnable::run, Clock.systemUTC());
        ConnectionRegistry other = new ConnectionRegistry();
        other.tell(refusing);

        other.tryRegister("sse-1", "sse", "10.0.0.1", Set.of("r"));

        assertEquals(1, refusing.members("r").size());
    }

    @Test
    void theUserIsTheTokensSubjectElseTheNameGivenCheckedLikeASender() {
        Principal subject = new Principal("carol", EnumSet.of(Role.SUBSCRIBE), ChannelPatterns.ANY);
        assertEquals("carol", PresenceUser.of(subject, "someone else"));
        assertEquals("dave", PresenceUser.of(Principal.OPEN, "dave"));
        assertNull(PresenceUser.of(Principal.OPEN, null));
        for (String bad : List.of("", " ", "x".repeat(101), "a\u0007b")) {
            InvalidInputException refused = assertThrows(InvalidInputException.class,
                    () -> PresenceUser.of(Principal.ANONYMOUS_SUBSCRIBER, bad));
            assertEquals(400, refused.status());
            assertEquals("user", refused.field());
        }
    }

    @Test
    void aStoredMemberReadsBackAsItWas() {
        Member member = new Member("ops", "sse-1", null, "sse", "n1", Instant.parse("2026-12-03T09:00:00.123Z"));
        assertEquals(member, Member.fromStored(member.stored()));
        Member named = new Member("ops", "sse-1", "Zoë \"z\"", "sse", "n1", Instant.parse("2026-12-03T09:00:00Z"));
        assertEquals(named, Member.fromStored(named.stored()));
        assertThrows(IllegalArgumentException.class, () -> Member.fromStored("{\"room\":1}"));
    }

    private static String action(HubEvent event) {
        return ((JsonObject) event.data()).getString("action");
    }

    private static List<String> ids(List<Member> members) {
        return members.stream().map(Member::connectionId).toList();
    }
}
