package io.switchboard.cluster;

import io.switchboard.message.HubEvent;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A node's local delivery for measurements: counts what its reader fires and remembers the last event id, whose
 * millisecond part says when Redis appended that entry. Costs next to nothing, so the figures are the reader's own.
 */
final class DeliveryTally implements Consumer<HubEvent> {

    private final AtomicLong count = new AtomicLong();
    private volatile String lastId;

    @Override
    public void accept(HubEvent event) {
        lastId = event.id();
        count.incrementAndGet();
    }

    long count() {
        return count.get();
    }

    /** When Redis appended the last entry delivered (its stream id's time), or -1 before the first. */
    long lastAppendedMillis() {
        String id = lastId;
        if (id == null) {
            return -1;
        }
        int dash = id.indexOf('-');
        return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
    }
}
