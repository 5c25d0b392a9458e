package io.switchboard.cluster;

import io.switchboard.message.HubEvent;
import io.switchboard.message.ReplaySource;
import java.util.List;
import java.util.Optional;

/** Single-node mode: nothing beyond each transport's own recent history, which the node alone wrote. */
final class NoReplay implements ReplaySource {

    @Override
    public Optional<List<HubEvent>> after(String lastEventId, String channel) {
        return Optional.empty();
    }
}
