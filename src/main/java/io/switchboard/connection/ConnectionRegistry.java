package io.switchboard.connection;

import io.switchboard.message.InvalidInputException;
import io.switchboard.metrics.HubMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The live connections of this node across transports. Each transport registers a connection when it opens,
 * records the rooms it joins and leaves, and unregisters it when it closes, whatever the reason.
 *
 * <p>It also holds the per-address cap ({@code switchboard.max-connections-per-address}) over all transports together:
 * {@link #tryRegister} refuses a connection from an address that holds the cap already. The slot is taken with the
 * registration and given back by {@link #unregister}, both keyed by the connection's id, so each admitted connection
 * releases its slot exactly once however often, and from however many close paths, it is unregistered.
 *
 * <p>Every room a connection enters or leaves, and every room it is in when it is unregistered, is told to the
 * {@link MembershipListener}s (presence), so each close path of each transport ends in a leave.
 */
@ApplicationScoped
public class ConnectionRegistry {

    public static final String MAX_PER_ADDRESS = "switchboard.max-connections-per-address";
    /** The error code of a refusal, on every transport (JSON {@code error}, WebSocket close reason, metrics cause). */
    public static final String TOO_MANY_CONNECTIONS = "too_many_connections";
    public static final int TOO_MANY_REQUESTS = 429;

    private static final Logger LOG = Logger.getLogger(ConnectionRegistry.class.getName());

    /** @param gone set once unregistered: no room is entered after that */
    private record Entry(String transport, String remoteAddress, Instant connectedAt, Set<String> rooms, String user,
                         AtomicBoolean gone) {
    }

    private final Map<String, Entry> connections = new ConcurrentHashMap<>();
    private final AddressCounts perAddress;
    private final HubMetrics metrics;
    private final InvalidInputException refusal;
    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();

    // Field-injected so the plain constructors (unit tests) keep working without any.
    @Inject
    Instance<MembershipListener> membershipListeners;

    /** No cap: for CDI's proxy, and for tests of the transports. */
    public ConnectionRegistry() {
        this(0, new HubMetrics());
    }

    @Inject
    public ConnectionRegistry(@ConfigProperty(name = MAX_PER_ADDRESS, defaultValue = "1000") int maxPerAddress,
                              HubMetrics metrics) {
        this.perAddress = new AddressCounts(maxPerAddress);
        this.metrics = metrics;
        // One instance for every refusal (it carries no stack trace): refusing a flood allocates nothing.
        this.refusal = new InvalidInputException(TOO_MANY_REQUESTS, TOO_MANY_CONNECTIONS, null,
                "this client address holds the most connections allowed (" + perAddress.max()
                        + ", switchboard.max-connections-per-address); close one and retry");
    }

    @PostConstruct
    void findListeners() {
        membershipListeners.forEach(listeners::add);
    }

    /** Tells {@code listener} of every room change from now on (outside CDI: tests). */
    public void tell(MembershipListener listener) {
        listeners.add(listener);
    }

    /** As {@link #tryRegister(String, String, String, Set, String)} for a connection of nobody in particular. */
    public boolean tryRegister(String id, String transport, String remoteAddress, Set<String> rooms) {
        return tryRegister(id, transport, remoteAddress, rooms, null);
    }

    /**
     * Registers a connection unless its address holds the cap already. Call it before allocating anything for the
     * connection. Registering an id that is registered already admits it again without taking another slot.
     *
     * @param remoteAddress the client's address as {@link ClientAddresses} resolved it (put in canonical form here)
     * @param user          who it is, for presence: its token's subject, else the name it gave, else {@code null}
     * @return false when refused: nothing was registered, the refusal was counted in the metrics; answer the client
     *         with {@link #refusal()} (status 429, error {@value #TOO_MANY_CONNECTIONS})
     */
    public boolean tryRegister(String id, String transport, String remoteAddress, Set<String> rooms, String user) {
        if (connections.containsKey(id)) {
            return true;
        }
        String address = ClientAddresses.canonical(remoteAddress);
        if (!perAddress.tryAcquire(address)) {
            metrics.refused(transport, TOO_MANY_CONNECTIONS);
            LOG.fine(() -> "Refused a " + transport + " connection from " + address + ": " + TOO_MANY_CONNECTIONS);
            return false;
        }
        add(id, transport, address, rooms, user);
        return true;
    }

    /**
     * Registers a connection without refusing it, its slot counted even past the cap: for a transport that cannot
     * refuse at this point. Registering an id that is registered already changes nothing.
     */
    public void register(String id, String transport, String remoteAddress, Set<String> rooms) {
        if (connections.containsKey(id)) {
            return;
        }
        String address = ClientAddresses.canonical(remoteAddress);
        perAddress.acquire(address);
        add(id, transport, address, rooms, null);
    }

    private void add(String id, String transport, String address, Set<String> rooms, String user) {
        Set<String> live = ConcurrentHashMap.newKeySet();
        Entry entry = new Entry(transport, address, Instant.now(), live, user, new AtomicBoolean());
        synchronized (entry) {
            if (connections.putIfAbsent(id, entry) != null) {
                // Registered concurrently under the same id: that registration holds the slot.
                perAddress.release(address);
                return;
            }
            rooms.forEach(room -> enter(id, entry, room));
        }
    }

    /** Forgets the connection and frees its address's slot; unregistering an unknown (or forgotten) id does nothing. */
    public void unregister(String id) {
        Entry gone = connections.remove(id);
        if (gone != null) {
            perAddress.release(gone.remoteAddress());
            synchronized (gone) {
                gone.gone().set(true);
                List.copyOf(gone.rooms()).forEach(room -> exit(id, gone, room));
            }
        }
    }

    // Both under the entry's lock, so that a connection's joins and leaves are told in the order they happened, and
    // none after its unregistration.
    private void enter(String id, Entry entry, String room) {
        if (!entry.gone().get() && entry.rooms().add(room)) {
            tellAll(new RoomMembership(true, id, room, entry.user(), entry.transport()));
        }
    }

    private void exit(String id, Entry entry, String room) {
        if (entry.rooms().remove(room)) {
            tellAll(new RoomMembership(false, id, room, entry.user(), entry.transport()));
        }
    }

    private void tellAll(RoomMembership change) {
        for (MembershipListener listener : listeners) {
            try {
                listener.changed(change);
            } catch (RuntimeException e) {
                // A listener's failure must never keep a connection from registering or closing.
                LOG.log(Level.WARNING, "A membership listener failed on " + change, e);
            }
        }
    }

    /** What to answer a refused client with (429 {@value #TOO_MANY_CONNECTIONS}); the same for every refusal. */
    public InvalidInputException refusal() {
        return refusal;
    }

    public void joined(String id, String room) {
        Entry entry = connections.get(id);
        if (entry != null) {
            synchronized (entry) {
                enter(id, entry, room);
            }
        }
    }

    public void left(String id, String room) {
        Entry entry = connections.get(id);
        if (entry != null) {
            synchronized (entry) {
                exit(id, entry, room);
            }
        }
    }

    public int count(String transport) {
        return (int) connections.values().stream().filter(entry -> entry.transport().equals(transport)).count();
    }

    /** Connections {@code address} holds on this node, over all transports (0 when there is no cap). */
    public int countFrom(String address) {
        return perAddress.count(ClientAddresses.canonical(address));
    }

    /** Addresses with at least one counted connection: stays bounded by the live connections. */
    int countedAddresses() {
        return perAddress.addresses();
    }

    public List<ConnectionInfo> list() {
        return connections.entrySet().stream()
                .map(e -> new ConnectionInfo(e.getKey(), e.getValue().transport(), e.getValue().remoteAddress(),
                        e.getValue().connectedAt(), Set.copyOf(e.getValue().rooms())))
                .sorted(Comparator.comparing(ConnectionInfo::connectedAt).thenComparing(ConnectionInfo::id))
                .toList();
    }
}
