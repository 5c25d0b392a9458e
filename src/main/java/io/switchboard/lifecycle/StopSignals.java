package io.switchboard.lifecycle;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a task when the process is told to stop (SIGTERM, SIGINT), before the JVM starts its exit. Shutdown hooks all
 * start together, so a goodbye sent from a hook races the app server's own hook closing its HTTP listener; a signal
 * handler runs first, and only then hands the signal to the handler it replaced, which starts the usual exit.
 *
 * <p>{@code sun.misc.Signal} is reached by reflection through the platform class loader: app servers with module
 * systems (WildFly) do not show {@code jdk.unsupported} to a deployment, and a JVM started with {@code -Xrs} refuses
 * handlers. Where it is unavailable nothing is installed and the caller's shutdown hook remains the only path.
 */
final class StopSignals {

    private static final Logger LOG = Logger.getLogger(StopSignals.class.getName());
    /** The signals an operator or a container runtime sends to stop a server. */
    static final List<String> STOP = List.of("TERM", "INT");

    private final Map<Object, Object> replaced = new LinkedHashMap<>();
    private final Object handler;
    private final Reflection signal;

    private StopSignals(Reflection signal, Runnable beforeExit) {
        this.signal = signal;
        this.handler = signal == null ? null : signal.handler((sig) -> {
            try {
                beforeExit.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The task before exit failed: " + e, e);
            }
            passOn(sig);
        });
    }

    /** Installs the handler for each of the named signals it can; never throws. */
    static StopSignals install(List<String> names, Runnable beforeExit) {
        Reflection signal = Reflection.load();
        StopSignals installed = new StopSignals(signal, beforeExit);
        if (signal != null) {
            for (String name : names) {
                installed.take(name);
            }
        }
        return installed;
    }

    /** True when at least one signal is handled here. */
    boolean active() {
        return !replaced.isEmpty();
    }

    /** Puts back the handlers this replaced, unless someone replaced ours meanwhile. */
    void uninstall() {
        replaced.forEach((sig, previous) -> {
            try {
                Object current = signal.handle(sig, previous);
                if (current != handler) {
                    signal.handle(sig, current);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.FINE, "Could not restore the handler of " + sig, e);
            }
        });
        replaced.clear();
    }

    private void take(String name) {
        try {
            Object sig = signal.newSignal(name);
            Object previous = signal.handle(sig, handler);
            if (signal.isNative(previous)) {
                // Ignored or default at the OS level: not ours to change (a JVM under nohup ignores SIGINT).
                signal.handle(sig, previous);
                return;
            }
            replaced.put(sig, previous);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "No handler for SIG" + name + "; the shutdown hook alone says goodbye", e);
        }
    }

    private void passOn(Object sig) {
        Object previous = replaced.get(sig);
        if (previous == null) {
            return;
        }
        try {
            signal.call(previous, sig);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not pass " + sig + " on; exiting", e);
            Runtime.getRuntime().exit(143);
        }
    }

    /** The few members of {@code sun.misc.Signal} and {@code SignalHandler} this uses. */
    private record Reflection(Class<?> signalClass, Class<?> handlerClass, Method handleMethod, Method callMethod,
                              Object ignore, Object dfl) {

        static Reflection load() {
            try {
                ClassLoader platform = ClassLoader.getPlatformClassLoader();
                Class<?> signalClass = Class.forName("sun.misc.Signal", false, platform);
                Class<?> handlerClass = Class.forName("sun.misc.SignalHandler", false, platform);
                return new Reflection(signalClass, handlerClass,
                        signalClass.getMethod("handle", signalClass, handlerClass),
                        handlerClass.getMethod("handle", signalClass),
                        handlerClass.getField("SIG_IGN").get(null), handlerClass.getField("SIG_DFL").get(null));
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                LOG.log(Level.FINE, "sun.misc.Signal is not available", e);
                return null;
            }
        }

        Object newSignal(String name) throws ReflectiveOperationException {
            return signalClass.getConstructor(String.class).newInstance(name);
        }

        Object handle(Object sig, Object handler) throws ReflectiveOperationException {
            return unwrap(() -> handleMethod.invoke(null, sig, handler));
        }

        void call(Object handler, Object sig) throws ReflectiveOperationException {
            unwrap(() -> callMethod.invoke(handler, sig));
        }

        boolean isNative(Object handler) {
            return handler == ignore || handler == dfl;
        }

        Object handler(java.util.function.Consumer<Object> onSignal) {
            return Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            onSignal.accept(args[0]);
                            yield null;
                        }
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "toString" -> "switchboard stop-signal handler";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private static Object unwrap(Invocation invocation) throws ReflectiveOperationException {
            try {
                return invocation.invoke();
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw e;
            }
        }

        private interface Invocation {
            Object invoke() throws ReflectiveOperationException;
        }
    }
}
