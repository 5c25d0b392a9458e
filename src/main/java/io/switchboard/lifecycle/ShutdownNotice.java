package io.switchboard.lifecycle;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Says goodbye to clients as soon as the JVM is asked to stop, not only at undeploy. Payara Micro closes its HTTP
 * listener before it undeploys applications, so by the time the hubs' {@code @PreDestroy} runs, SSE and WebSocket
 * clients are gone without a word. On SIGTERM or SIGINT a signal handler says goodbye before the JVM's exit (and so
 * the server's own shutdown hook) starts; any other exit ({@code System.exit}, an admin command) gets a shutdown hook,
 * which races the server's hook and is only a best effort. On a plain undeploy both are removed and the hubs' own
 * {@code @PreDestroy} says goodbye instead.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ShutdownNotice {

    private static final Logger LOG = Logger.getLogger(ShutdownNotice.class.getName());
    private static final long BOUND_MILLIS = 5000;

    @Inject
    Instance<GoingAway> transports;

    private Thread hook;
    private StopSignals signals;

    @PostConstruct
    void register() {
        List<GoingAway> all = transports.stream().toList();
        ClassLoader appClassLoader = Thread.currentThread().getContextClassLoader();
        hook = new Thread(() -> sayGoodbye(all, appClassLoader), "switchboard-shutdown-notice");
        Runtime.getRuntime().addShutdownHook(hook);
        signals = StopSignals.install(StopSignals.STOP, () -> sayGoodbye(all, appClassLoader));
        LOG.log(Level.FINE, signals.active() ? "Goodbye on SIGTERM/SIGINT before the JVM exits"
                : "No stop-signal handler here; goodbye from the shutdown hook only");
    }

    @PreDestroy
    void unregister() {
        signals.uninstall();
        try {
            // Undeploy without JVM exit: the hook must not keep this application's classes alive.
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running or has run.
        }
    }

    /** Each transport in parallel, so one slow transport does not use up the others' time before the listener closes. */
    private static void sayGoodbye(List<GoingAway> all, ClassLoader appClassLoader) {
        List<Thread> threads = new ArrayList<>();
        for (GoingAway transport : all) {
            Thread thread = new Thread(() -> {
                try {
                    transport.goingAway();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Goodbye to clients failed: " + e, e);
                }
            }, "switchboard-goodbye");
            // JSON-P and JAX-RS find their providers through the context class loader.
            thread.setContextClassLoader(appClassLoader);
            thread.start();
            threads.add(thread);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOUND_MILLIS);
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
