package io.switchboard.boot;

import io.switchboard.socketio.SocketIoTransport;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Starts the Socket.IO server with the application and stops it, threads and all, when the application stops. An EJB
 * only for its {@code @Startup} and ordered {@code @PreDestroy}; the transport itself is a CDI bean.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SocketIoStartup {

    @Inject
    SocketIoTransport transport;

    @PostConstruct
    void start() {
        transport.start();
    }

    @PreDestroy
    void stop() {
        transport.stop();
    }
}
