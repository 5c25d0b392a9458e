package io.switchboard.presence;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where the members of every node are found: this node's own memory when it runs alone, Redis in a cluster. Writes,
 * upkeep and goodbye come from one thread only ({@link PresenceTracker}'s worker), so their state needs no locking;
 * {@link #members} and {@link #counts} are read from any thread (requests) and touch none of it.
 */
public interface PresenceStore {

    /** What one round of {@link #maintain} found. */
    record Upkeep(List<Member> expired, boolean reannounced) {

        public static final Upkeep NOTHING = new Upkeep(List.of(), false);
    }

    void joined(Member member);

    void left(Member member);

    /** Every node's members of {@code room}; this node's from {@code mine}. */
    List<Member> members(String room, LocalMembers mine);

    /** How many members each room has, over every node. */
    Map<String, Integer> counts(LocalMembers mine);

    /**
     * Shows this node alive and its members up to date ({@code mine}), and takes the members of nodes that died
     * without a goodbye off the record. {@code reannounced}: this node had been taken for dead (or the store lost its
     * data), so its members were put back and its followers are owed their joins again.
     */
    Upkeep maintain(Collection<Member> mine);

    /** Takes this node and its members off the record (it stops); what could not be done is left to expire. */
    void goodbye();

    /** How often {@link #maintain} is to run; 0: never (nothing expires). */
    long maintainEveryMillis();
}
