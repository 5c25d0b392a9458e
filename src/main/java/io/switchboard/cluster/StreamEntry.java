package io.switchboard.cluster;

import io.switchboard.message.HubEvent;

/**
 * One event as the cluster stream carries it: the event and where it was accepted, so that its origin node can tell
 * its own entries from the others'.
 *
 * @param event        the event; its id is the stream entry id once read back, the origin's local id before
 * @param originNode   the node id that accepted it
 * @param originLocalId the id the origin node gave it locally (unique per origin node)
 */
record StreamEntry(HubEvent event, String originNode, String originLocalId) {

    /** Identifies the accepted input across the cluster, whatever stream id it ends up with (even if appended twice). */
    String originKey() {
        return originNode + "/" + originLocalId;
    }
}
