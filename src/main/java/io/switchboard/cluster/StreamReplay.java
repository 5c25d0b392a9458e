package io.switchboard.cluster;

import io.switchboard.message.EventId;
import io.switchboard.message.HubEvent;
import io.switchboard.message.ReplaySource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Replays from the cluster stream, for a client whose last event id this node's own history does not hold (it was
 * connected to another node, or this node restarted). Reads the entries after that id in pages (XRANGE with an
 * exclusive start), at most the retention length, keeps those the client's channel receives, and drops any entry
 * appended twice, so the result is in stream order with none twice.
 *
 * <p>A last id that is no entry of the stream may be an origin node's local id: the id under which that node
 * delivered an event it accepted while Redis was away (an outage, a failover). That event and the ones its origin
 * accepted before it were appended later, so they come after the id in the stream although the client has them:
 * when some entry carries the id as its origin id, that origin's entries up to that entry, in stream order, are left
 * out.
 */
final class StreamReplay implements ReplaySource {

    private static final Logger LOG = Logger.getLogger(StreamReplay.class.getName());
    private static final int PAGE = 500;

    private final UnifiedJedis redis;
    private final String streamKey;
    private final long maxEntries;

    StreamReplay(UnifiedJedis redis, ClusterSettings settings) {
        this.redis = redis;
        this.streamKey = settings.streamKey();
        this.maxEntries = settings.streamMaxLen() * 2; // MAXLEN ~ may keep somewhat more than asked
    }

    @Override
    public Optional<List<HubEvent>> after(String lastEventId, String channel) {
        Optional<EventId> last = EventId.parse(lastEventId);
        if (last.isEmpty()) {
            return Optional.empty();
        }
        List<StreamEntry> missed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = last.get().toString();
        long read = 0;
        boolean inStream;
        try {
            inStream = !redis.xrange(streamKey, cursor, cursor, 1).isEmpty();
            while (read < maxEntries) {
                List<redis.clients.jedis.resps.StreamEntry> page = redis.xrange(streamKey, "(" + cursor, "+", PAGE);
                for (redis.clients.jedis.resps.StreamEntry raw : page) {
                    cursor = raw.getID().toString();
                    read++;
                    keep(raw, channel, seen, missed);
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
        } catch (JedisException e) {
            LOG.warning("Replay from the cluster stream after " + lastEventId + " failed; replaying local history only: "
                    + e);
            return Optional.empty();
        }
        int marker = inStream ? -1 : markerOf(last.get(), missed);
        String origin = marker < 0 ? null : missed.get(marker).originNode();
        List<HubEvent> result = new ArrayList<>(missed.size());
        for (int i = 0; i < missed.size(); i++) {
            StreamEntry entry = missed.get(i);
            if (i > marker || !origin.equals(entry.originNode())) {
                result.add(entry.event());
            }
        }
        return Optional.of(result);
    }

    /**
     * The position of the entry that carries {@code last} as its origin id, or -1. Its origin's entries up to it are
     * the ones the client has: the outbox appends them in the order the origin delivered them, which is not always
     * the order of their local ids (concurrent publishers take ids before they take the publish lock).
     */
    private static int markerOf(EventId last, List<StreamEntry> entries) {
        String id = last.toString();
        for (int i = 0; i < entries.size(); i++) {
            if (id.equals(entries.get(i).originLocalId())) {
                return i;
            }
        }
        return -1;
    }

    private static void keep(redis.clients.jedis.resps.StreamEntry raw, String channel, Set<String> seen,
                             List<StreamEntry> missed) {
        StreamEntry entry;
        try {
            entry = StreamEntryCodec.decode(raw.getID().toString(), raw.getFields());
        } catch (IllegalArgumentException e) {
            return;
        }
        // Presence's joins and leaves travel the stream like any event, but are news of now, not history to replay.
        if (seen.add(entry.originKey()) && entry.event().reaches(channel)
                && !HubEvent.PRESENCE_TYPE.equals(entry.event().eventType())) {
            missed.add(entry);
        }
    }
}
