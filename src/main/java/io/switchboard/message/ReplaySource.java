package io.switchboard.message;

import java.util.List;
import java.util.Optional;

/**
 * Where a reconnecting client's missed events come from when its transport's own recent history does not hold its
 * last id: the shared cluster stream in cluster mode, nothing in single-node mode. Any transport may call it (SSE's
 * {@code Last-Event-ID}; a Socket.IO or WebSocket {@code history} request).
 */
public interface ReplaySource {

    /**
     * The events after {@code lastEventId} that a follower of {@code channel} (null: every channel) receives, oldest
     * first, none twice, within the retention window; empty when this source keeps no history. May block on I/O.
     */
    Optional<List<HubEvent>> after(String lastEventId, String channel);
}
