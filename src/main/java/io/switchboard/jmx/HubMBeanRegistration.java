package io.switchboard.jmx;

import io.switchboard.cluster.ClusterNode;
import io.switchboard.config.NodeIdentity;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.Disconnectable;
import io.switchboard.connection.TransportStatus;
import io.switchboard.message.MessageBus;
import io.switchboard.message.MessageValidator;
import io.switchboard.metrics.HubMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers {@code switchboard:type=Hub} in the platform MBean server with the application, and unregisters it on
 * undeploy, so a redeploy neither fails on the name nor keeps the old application's classes alive.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HubMBeanRegistration {

    public static final String OBJECT_NAME = "switchboard:type=Hub";

    private static final Logger LOG = Logger.getLogger(HubMBeanRegistration.class.getName());

    @Inject
    NodeIdentity node;

    @Inject
    ConnectionRegistry registry;

    @Inject
    Instance<TransportStatus> transports;

    @Inject
    Instance<Disconnectable> disconnectables;

    @Inject
    HubMetrics metrics;

    @Inject
    ClusterNode cluster;

    @Inject
    MessageBus bus;

    @Inject
    MessageValidator validator;

    private ObjectName name;

    @PostConstruct
    void register() {
        Hub hub = new Hub(node, registry, transports.stream().toList(), disconnectables.stream().toList(), metrics,
                cluster, bus, validator, Thread.currentThread().getContextClassLoader());
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            name = new ObjectName(OBJECT_NAME);
            try {
                server.registerMBean(hub, name);
            } catch (InstanceAlreadyExistsException e) {
                // Left by an application that did not undeploy cleanly: this one replaces it.
                LOG.warning(() -> OBJECT_NAME + " was still registered; replacing it");
                server.unregisterMBean(name);
                server.registerMBean(hub, name);
            }
            LOG.info(() -> "JMX MBean " + OBJECT_NAME + " registered");
        } catch (JMException | RuntimeException e) {
            name = null;
            LOG.log(Level.WARNING, "JMX MBean " + OBJECT_NAME + " not registered: " + e, e);
        }
    }

    @PreDestroy
    void unregister() {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "JMX MBean " + OBJECT_NAME + " not unregistered: " + e, e);
        }
    }
}
