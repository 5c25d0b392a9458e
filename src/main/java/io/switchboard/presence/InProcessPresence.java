package io.switchboard.presence;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** A node alone: its own members are all there is, and a node that dies takes its record with it. */
public final class InProcessPresence implements PresenceStore {

    @Override
    public void joined(Member member) {
    }

    @Override
    public void left(Member member) {
    }

    @Override
    public List<Member> members(String room, LocalMembers mine) {
        return mine.inRoom(room);
    }

    @Override
    public Map<String, Integer> counts(LocalMembers mine) {
        return mine.counts();
    }

    @Override
    public Upkeep maintain(Collection<Member> mine) {
        return Upkeep.NOTHING;
    }

    @Override
    public void goodbye() {
    }

    @Override
    public long maintainEveryMillis() {
        return 0;
    }
}
