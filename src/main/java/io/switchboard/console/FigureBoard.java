package io.switchboard.console;

import io.switchboard.message.JsonP;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;

/**
 * Where the nodes of a cluster leave their figures for each other: one Redis hash, a field per node whose value is
 * its latest {@link NodeFigures} as JSON. Each node writes its own field once per interval and reads the whole hash.
 * A node that stopped writing (killed, cut off) is left out once its figures are older than {@code staleMillis},
 * and its field is removed; the hash itself expires when no node writes any more.
 */
final class FigureBoard {

    private static final Logger LOG = Logger.getLogger(FigureBoard.class.getName());

    private final UnifiedJedis redis;
    private final String key;
    private final long staleMillis;

    FigureBoard(UnifiedJedis redis, String key, long staleMillis) {
        this.redis = redis;
        this.key = key;
        this.staleMillis = staleMillis;
    }

    String key() {
        return key;
    }

    /** Writes this node's figures and answers every node's that are fresh at {@code nowMillis} (its own included). */
    List<NodeFigures> exchange(NodeFigures self, long nowMillis) {
        redis.hset(key, self.node(), self.toJson().toString());
        redis.pexpire(key, 2 * staleMillis);
        List<NodeFigures> fresh = new ArrayList<>();
        for (Map.Entry<String, String> entry : redis.hgetAll(key).entrySet()) {
            Optional<NodeFigures> figures = parse(entry.getValue());
            if (figures.isEmpty()) {
                LOG.fine(() -> "ignoring unreadable figures of node " + entry.getKey() + " in " + key);
            } else if (nowMillis - figures.get().atMillis() > staleMillis) {
                // A race with a node that comes back costs it one interval: it writes its field again at its next.
                redis.hdel(key, entry.getKey());
            } else {
                fresh.add(figures.get());
            }
        }
        return fresh;
    }

    /** Removes this node's figures: it is stopping, so the others stop listing it at once. */
    void withdraw(String node) {
        redis.hdel(key, node);
    }

    private static Optional<NodeFigures> parse(String json) {
        try (var reader = JsonP.createReader(new StringReader(json))) {
            return NodeFigures.fromJson(reader.readObject());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
