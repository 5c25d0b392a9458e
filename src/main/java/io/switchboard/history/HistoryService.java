package io.switchboard.history;

import io.switchboard.message.HistoryRequest;
import io.switchboard.message.HubEvent;
import io.switchboard.message.ReplaySource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers a client's {@code history} request on any transport: from this node's recent events when they still hold
 * the client's last id, else from the cluster stream (which may block on Redis), then what this node delivered since.
 */
@ApplicationScoped
public class HistoryService {

    /** Events in one answer at most, so that an answer stays a reasonable frame; the client pages with {@code more}. */
    public static final int PAGE_SIZE = 500;

    private RecentEvents recent;
    private ReplaySource replay;

    @Inject
    public HistoryService(RecentEvents recent, ReplaySource replay) {
        this.recent = recent;
        this.replay = replay;
    }

    /** For CDI's proxy only. */
    protected HistoryService() {
    }

    public HistoryPage since(HistoryRequest request) {
        List<HubEvent> events = missed(request.since(), request.channel());
        boolean more = events.size() > PAGE_SIZE;
        return new HistoryPage(more ? List.copyOf(events.subList(0, PAGE_SIZE)) : events, more);
    }

    private List<HubEvent> missed(String since, String channel) {
        if (recent.retains(since, channel)) {
            return recent.after(since, channel);
        }
        Optional<List<HubEvent>> fromCluster = replay.after(since, channel);
        if (fromCluster.isEmpty() || fromCluster.get().isEmpty()) {
            return recent.after(since, channel);
        }
        List<HubEvent> all = new ArrayList<>(fromCluster.get());
        all.addAll(recent.after(all.get(all.size() - 1).id(), channel));
        return all;
    }
}
