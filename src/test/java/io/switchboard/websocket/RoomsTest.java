package io.switchboard.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomsTest {

    private final Rooms rooms = new Rooms(2);

    @Test
    void inNoRoomAConnectionFollowsEverything() {
        assertTrue(rooms.follows(event("a", Audience.CHANNEL)));
        assertTrue(rooms.follows(event(null, Audience.EVERYONE)));
    }

    @Test
    void inRoomsItFollowsThoseAndEventsForEveryone() {
        rooms.join("a");
        assertTrue(rooms.follows(event("a", Audience.CHANNEL)));
        assertFalse(rooms.follows(event("b", Audience.CHANNEL)));
        assertTrue(rooms.follows(event(null, Audience.EVERYONE)));
        assertTrue(rooms.follows(event("b", Audience.EVERYONE)), "a broadcast naming a room still reaches everyone");
    }

    @Test
    void leavingTheLastRoomFollowsEverythingAgain() {
        rooms.join("a");
        rooms.leave("a");
        rooms.leave("never-joined");
        assertTrue(rooms.follows(event("b", Audience.CHANNEL)));
        assertEquals(List.of(), rooms.list());
    }

    @Test
    void joinsAreIdempotentAndBounded() {
        assertTrue(rooms.join("b"));
        assertTrue(rooms.join("a"));
        assertTrue(rooms.join("a"));
        assertFalse(rooms.join("c"));
        assertEquals(List.of("a", "b"), rooms.list());
    }

    private static HubEvent event(String channel, Audience audience) {
        return new HubEvent("1-0", "message", JsonValue.EMPTY_JSON_OBJECT, Instant.EPOCH, "rest", channel, audience);
    }
}
