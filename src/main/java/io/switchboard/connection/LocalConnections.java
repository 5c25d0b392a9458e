package io.switchboard.connection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;

/** The client-facing transports of this node, and how many clients they hold together. */
@ApplicationScoped
public class LocalConnections {

    @Inject
    Instance<TransportStatus> transports;

    public List<TransportStatus> transports() {
        return transports.stream().toList();
    }

    public int total() {
        return transports.stream().mapToInt(TransportStatus::connections).sum();
    }
}
