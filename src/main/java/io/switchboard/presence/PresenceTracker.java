package io.switchboard.presence;

import io.switchboard.connection.MembershipListener;
import io.switchboard.connection.RoomMembership;
import io.switchboard.message.HubEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who is in which room: notes each join and leave of this node's connections at once, then, on one worker thread
 * and so in the order they happened, writes them to the {@link PresenceStore} and sends the room's followers their
 * {@code presence} event. The transports' threads never wait on Redis or on a delivery here: a leave may be told
 * while a transport holds its fan-out lock (a slow client dropped mid-delivery).
 *
 * <p>Each join is an event to every member of the room, so filling a room of n costs n squared deliveries: joins and
 * leaves are announced only while the room has at most {@code announceUpTo} members on this node (a member's leave
 * exactly when its join was). Lists and counts are kept for every member regardless.
 */
public final class PresenceTracker implements MembershipListener {

    private static final Logger LOG = Logger.getLogger(PresenceTracker.class.getName());

    private final String node;
    private final PresenceStore store;
    private final Consumer<HubEvent> dispatch;
    private final Supplier<String> ids;
    private final Executor worker;
    private final Clock clock;
    private final int announceUpTo;
    private final LocalMembers local = new LocalMembers();
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /**
     * @param dispatch hands an event to the hub as any other ({@code Dispatcher::dispatch})
     * @param ids      node-local event ids ({@code EventIdGenerator})
     * @param worker   runs tasks one at a time, in order
     */
    public PresenceTracker(String node, PresenceStore store, Consumer<HubEvent> dispatch, Supplier<String> ids,
                           Executor worker, Clock clock) {
        this(node, store, dispatch, ids, worker, clock, Integer.MAX_VALUE);
    }

    /**
     * @param announceUpTo the most members a room may have on this node for joins and leaves to be events; 0: none
     */
    public PresenceTracker(String node, PresenceStore store, Consumer<HubEvent> dispatch, Supplier<String> ids,
                           Executor worker, Clock clock, int announceUpTo) {
        this.announceUpTo = announceUpTo;
        this.node = node;
        this.store = store;
        this.dispatch = dispatch;
        this.ids = ids;
        this.worker = worker;
        this.clock = clock;
    }

    @Override
    public void changed(RoomMembership change) {
        if (stopped) {
            return; // said goodbye already: the store and the followers know these members are gone
        }
        if (change.joined()) {
            Member member = new Member(change.room(), change.connectionId(), change.user(), change.transport(), node,
                    clock.instant());
            if (local.add(member)) {
                boolean announce = local.size(member.room()) <= announceUpTo && announced.add(member.key());
                submit(() -> {
                    store.joined(member);
                    if (announce) {
                        send(member, Member.JOIN);
                    }
                });
            }
        } else {
            Member member = local.remove(change.room(), change.connectionId());
            if (member != null) {
                boolean announce = announced.remove(member.key());
                submit(() -> {
                    store.left(member);
                    if (announce) {
                        send(member, Member.LEAVE);
                    }
                });
            }
        }
    }

    /** The room's members over every node, who joined first first. */
    public List<Member> members(String room) {
        return store.members(room, local).stream().sorted(LocalMembers.ORDER).toList();
    }

    /** Members per room over every node, rooms by name; rooms without members are not listed. */
    public Map<String, Integer> counts() {
        return store.counts(local);
    }

    /** One round of upkeep (liveness, expiry of dead nodes' members), queued behind the changes noted so far. */
    public void maintain() {
        if (stopped) {
            return;
        }
        submit(() -> {
            PresenceStore.Upkeep upkeep = store.maintain(local.all());
            // A silent node's members: their leaves as their joins would have been, by the room's size there.
            Map<String, Long> expiredPerRoom = upkeep.expired().stream()
                    .collect(Collectors.groupingBy(Member::room, Collectors.counting()));
            upkeep.expired().stream().filter(member -> expiredPerRoom.get(member.room()) <= announceUpTo)
                    .forEach(member -> send(member, Member.LEAVE));
            if (upkeep.reannounced()) {
                local.all().stream().filter(member -> announced.contains(member.key()))
                        .forEach(member -> send(member, Member.JOIN));
            }
            if (!upkeep.expired().isEmpty()) {
                LOG.info(() -> upkeep.expired().size() + " presence members of nodes gone without a goodbye expired");
            }
        });
    }

    /**
     * Stops noting changes, then sends a leave for every member still here and takes this node off the store, after
     * the changes queued before; waits for that at most {@code bound}. Idempotent.
     */
    public void stop(Duration bound) {
        if (stopped) {
            return;
        }
        stopped = true;
        CountDownLatch done = new CountDownLatch(1);
        submit(() -> {
            try {
                for (Member member : local.all()) {
                    local.remove(member.room(), member.connectionId());
                    if (announced.remove(member.key())) {
                        send(member, Member.LEAVE);
                    }
                }
                store.goodbye();
            } finally {
                done.countDown();
            }
        });
        try {
            if (!done.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning("Presence goodbye not done within " + bound + "; the other nodes will expire the rest");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(Member member, String action) {
        try {
            dispatch.accept(member.event(action, ids.get(), clock.instant()));
        } catch (RuntimeException e) {
            // Presence is told, not asked for: a refused event (outbox full) is logged, not thrown at a transport.
            LOG.log(Level.WARNING, "Presence " + action + " of " + member.connectionId() + " in " + member.room()
                    + " not sent: " + e, e);
        }
    }

    private void submit(Runnable task) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Presence task failed", e);
            }
        };
        try {
            worker.execute(guarded);
        } catch (RejectedExecutionException e) {
            guarded.run(); // the worker stopped (undeploy): do it here rather than lose it
        }
    }
}
