package io.switchboard.boot;

import io.switchboard.cluster.ClusterNode;
import io.switchboard.presence.Presence;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;

/**
 * Starts the cluster stream reader with the application, on a container-managed thread (so it carries the
 * application's context and the server knows about it), and stops it, with its Redis connections, on undeploy.
 * Does nothing in single-node mode.
 */
@Singleton
@Startup
public class ClusterBoot {

    @Inject
    ClusterNode cluster;

    @Inject
    Presence presence;

    @Resource
    ManagedThreadFactory threads;

    @PostConstruct
    void start() {
        cluster.start(threads);
    }

    @PreDestroy
    void stop() {
        // While the cluster still carries events: the other nodes' followers get this node's leaves.
        try {
            presence.stop();
        } finally {
            cluster.stop();
        }
    }
}
