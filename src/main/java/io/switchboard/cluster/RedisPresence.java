package io.switchboard.cluster;

import io.switchboard.message.HubUnavailableException;
import io.switchboard.presence.LocalMembers;
import io.switchboard.presence.Member;
import io.switchboard.presence.PresenceStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Presence of the whole cluster in Redis. Each node keeps a hash of its members ({@code <prefix>members:<node>},
 * field "room connection-id", value the member's JSON) and a liveness key ({@code <prefix>alive:<node>}) it renews
 * well within {@code ttl}; {@code <prefix>nodes} names the nodes with a hash. Readers skip nodes whose liveness key has
 * expired, so a dead node's members are gone from every list within the ttl; the first survivor to notice takes its
 * hash away in one script and sends their leaves (the script checks liveness again, so a node renewing meanwhile keeps
 * its members, and two survivors never both take them).
 *
 * <p>This node's own members are always answered from memory, which is the truth; Redis mirrors them. A write that
 * fails (Redis away) marks the mirror stale, and the next upkeep writes it whole again.
 */
final class RedisPresence implements PresenceStore {

    private static final Logger LOG = Logger.getLogger(RedisPresence.class.getName());

    // KEYS: liveness, members, nodes; ARGV: the node. Takes a dead node's members, unless it is alive again.
    private static final String TAKE_EXPIRED = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return {} end
            local members = redis.call('HVALS', KEYS[2])
            redis.call('DEL', KEYS[2])
            redis.call('SREM', KEYS[3], ARGV[1])
            return members
            """;

    private final UnifiedJedis redis;
    private final RedisLink link;
    private final String prefix;
    private final String node;
    private final long ttlMillis;
    private boolean stale = true;
    private boolean announced;

    RedisPresence(UnifiedJedis redis, RedisLink link, String prefix, String node, long ttlMillis) {
        this.redis = redis;
        this.link = link;
        this.prefix = prefix;
        this.node = node;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public void joined(Member member) {
        write(() -> {
            redis.hset(members(node), member.key(), member.stored());
            redis.sadd(nodes(), node);
        });
    }

    @Override
    public void left(Member member) {
        write(() -> redis.hdel(members(node), member.key()));
    }

    @Override
    public List<Member> members(String room, LocalMembers mine) {
        List<Member> all = new ArrayList<>(mine.inRoom(room));
        forOtherLiveNodes(member -> {
            if (member.room().equals(room)) {
                all.add(member);
            }
        });
        return all;
    }

    @Override
    public Map<String, Integer> counts(LocalMembers mine) {
        Map<String, Integer> counts = new TreeMap<>(mine.counts());
        forOtherLiveNodes(member -> counts.merge(member.room(), 1, Integer::sum));
        return counts;
    }

    @Override
    public Upkeep maintain(Collection<Member> mine) {
        if (!link.isUp()) {
            stale = true;
            return Upkeep.NOTHING;
        }
        try {
            // XX: renews only a key that is still there; a missing one means the others took this node for dead.
            boolean lost = redis.set(alive(node), "1", SetParams.setParams().px(ttlMillis).xx()) == null;
            boolean reannounce = lost && announced;
            List<Member> expired = new ArrayList<>();
            if (lost || stale) {
                expired.addAll(rewrite(mine));
            }
            announced = true;
            stale = false;
            expired.addAll(takeExpired());
            return new Upkeep(expired, reannounce);
        } catch (JedisException e) {
            stale = true;
            LOG.log(Level.FINE, "Presence upkeep failed; retrying on the next round", e);
            return Upkeep.NOTHING;
        }
    }

    @Override
    public void goodbye() {
        if (!link.isUp()) {
            return; // the others expire this node's members after the ttl
        }
        try {
            redis.del(members(node), alive(node));
            redis.srem(nodes(), node);
        } catch (JedisException e) {
            LOG.log(Level.FINE, "Presence goodbye failed; the other nodes expire this node's members", e);
        }
    }

    @Override
    public long maintainEveryMillis() {
        return Math.max(100, ttlMillis / 3);
    }

    /**
     * Liveness first, so that no survivor takes the hash while it is rewritten. On the first round, what the hash held
     * from this node id's previous run and no member here holds is returned: their leaves are owed.
     */
    private List<Member> rewrite(Collection<Member> mine) {
        redis.set(alive(node), "1", SetParams.setParams().px(ttlMillis));
        List<Member> previousRun = new ArrayList<>();
        if (!announced) {
            Set<String> current = new HashSet<>();
            mine.forEach(member -> current.add(member.key()));
            for (String stored : redis.hvals(members(node))) {
                Member member = parse(stored);
                if (member != null && !current.contains(member.key())) {
                    previousRun.add(member);
                }
            }
        }
        redis.del(members(node));
        if (!mine.isEmpty()) {
            Map<String, String> fields = new HashMap<>();
            mine.forEach(member -> fields.put(member.key(), member.stored()));
            redis.hset(members(node), fields);
        }
        redis.sadd(nodes(), node);
        return previousRun;
    }

    private List<Member> takeExpired() {
        List<Member> expired = new ArrayList<>();
        for (String other : redis.smembers(nodes())) {
            if (other.equals(node) || redis.exists(alive(other))) {
                continue;
            }
            Object taken = redis.eval(TAKE_EXPIRED, List.of(alive(other), members(other), nodes()), List.of(other));
            if (taken instanceof List<?> values) {
                for (Object value : values) {
                    Member member = parse(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                            : String.valueOf(value));
                    if (member != null) {
                        expired.add(member);
                    }
                }
            }
        }
        return expired;
    }

    private void forOtherLiveNodes(java.util.function.Consumer<Member> each) {
        if (!link.isUp()) {
            throw unavailable();
        }
        try {
            for (String other : redis.smembers(nodes())) {
                if (other.equals(node) || !redis.exists(alive(other))) {
                    continue; // this node answers from memory; a silent one's members have expired
                }
                for (String stored : redis.hvals(members(other))) {
                    Member member = parse(stored);
                    if (member != null) {
                        each.accept(member);
                    }
                }
            }
        } catch (JedisException e) {
            throw unavailable();
        }
    }

    private void write(Runnable command) {
        if (!link.isUp()) {
            stale = true;
            return;
        }
        try {
            command.run();
        } catch (JedisException e) {
            stale = true;
            LOG.log(Level.FINE, "Presence write failed; the next upkeep writes this node's members again", e);
        }
    }

    private static Member parse(String stored) {
        try {
            return Member.fromStored(stored);
        } catch (IllegalArgumentException e) {
            LOG.warning("Skipping a foreign presence entry: " + e.getMessage());
            return null;
        }
    }

    private static HubUnavailableException unavailable() {
        return new HubUnavailableException("Redis is unreachable, so the cluster's presence is unknown; retry later");
    }

    private String nodes() {
        return prefix + "nodes";
    }

    private String alive(String of) {
        return prefix + "alive:" + of;
    }

    private String members(String of) {
        return prefix + "members:" + of;
    }
}
