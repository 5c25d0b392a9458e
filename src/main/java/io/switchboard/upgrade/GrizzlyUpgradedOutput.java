package io.switchboard.upgrade;

import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Payara's plain HTTP listener: the upgraded connection's bytes go straight to Grizzly's transport writer, the one
 * its own output buffer ends in, instead of through that buffer and the listener's filter chain.
 * <p>
 * Why: per delivery the servlet stream copies the frame into Grizzly's output buffer, and every flush builds a
 * {@code FilterChainContext} and walks the HTTP filter chain (the HTTP codec, Grizzly's WebSocket filter, the idle
 * timeout filter) before the transport writes it. On a fan-out to 1,000 clients that was 220 of 1,891 samples of the
 * bridge loops above the socket write itself, where the direct port spends next to nothing between its pipeline and
 * the socket ({@code bench/NOTES.md}). An upgraded connection needs none of that: the frames are complete, and the
 * chain's HTTP state is done with.
 * <p>
 * Only where it is the same thing: the connection is Payara's ({@code WebConnectionImpl} over Grizzly) and not
 * secure (over HTTPS the bytes must go through Grizzly's TLS filter). Anywhere else, or if any of Grizzly's classes
 * is not as expected, {@link #open} says so and the portable {@link ServletUpgradedOutput} is used. Readiness is
 * Grizzly's own answer, the same one the servlet stream's {@code isReady()} gives, so slow clients stall and are
 * dropped as before; closing stays the servlet connection's.
 */
public final class GrizzlyUpgradedOutput implements UpgradedOutput {

    private static final Logger LOG = Logger.getLogger(GrizzlyUpgradedOutput.class.getName());
    private static final String PAYARA_CONNECTION = "org.apache.catalina.connector.WebConnectionImpl";
    private static volatile Api api;
    private static volatile boolean unavailable;

    private final Api grizzly;
    private final Object connection;
    private final Object writer;
    private final Object memoryManager;
    private final Object writeHandler;
    private final AtomicBoolean armed = new AtomicBoolean();

    private GrizzlyUpgradedOutput(Api grizzly, Object connection, Runnable writable, Consumer<Throwable> failed)
            throws ReflectiveOperationException {
        this.grizzly = grizzly;
        this.connection = connection;
        this.writer = grizzly.writer.invoke(grizzly.asyncQueueIo.invoke(grizzly.transport.invoke(connection)));
        this.memoryManager = grizzly.memoryManager.invoke(connection);
        this.writeHandler = Proxy.newProxyInstance(grizzly.writeHandlerType.getClassLoader(),
                new Class<?>[] {grizzly.writeHandlerType}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "onWritePossible" -> {
                            armed.set(false);
                            writable.run();
                        }
                        case "onError" -> {
                            armed.set(false);
                            failed.accept((Throwable) args[0]);
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        case "equals" -> {
                            return proxy == args[0];
                        }
                        case "toString" -> {
                            return "switchboard write handler for " + connection;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
    }

    /**
     * Grizzly's writer for {@code upgraded}, if it is a plain connection of Payara's; empty where the portable path
     * must serve it.
     */
    static Optional<UpgradedOutput> open(WebConnection upgraded, Runnable writable, Consumer<Throwable> failed) {
        if (!PAYARA_CONNECTION.equals(upgraded.getClass().getName())) {
            return Optional.empty();
        }
        Api grizzly = api(upgraded.getClass());
        if (grizzly == null) {
            return Optional.empty();
        }
        try {
            Object request = grizzly.grizzlyRequest.invoke(grizzly.catalinaRequest.get(upgraded));
            if (request == null || (boolean) grizzly.secure.invoke(request)) {
                return Optional.empty();
            }
            Object connection = grizzly.connection.invoke(request);
            if (connection == null) {
                return Optional.empty();
            }
            return Optional.of(new GrizzlyUpgradedOutput(grizzly, connection, writable, failed));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE,
                    "Upgraded connection: Grizzly's writer not reachable, servlet stream used", e);
            return Optional.empty();
        }
    }

    @Override
    public boolean isReady() throws IOException {
        if ((boolean) call(grizzly.canWrite, writer, connection)) {
            return true;
        }
        if (armed.compareAndSet(false, true)) {
            // Calls back at once (on this thread) if the connection has drained in the meantime.
            call(grizzly.notifyWritePossible, writer, connection, writeHandler);
        }
        return false;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        // A write to a closed connection fails silently inside Grizzly; the caller must hear of it.
        if (!(boolean) call(grizzly.isOpen, connection)) {
            throw new IOException("connection closed");
        }
        Object buffer = call(grizzly.wrap, null, memoryManager, bytes);
        // No completion handler, and no cloner: the array is ours to give away, so Grizzly may keep it if it must
        // queue the write.
        call(grizzly.write, writer, connection, null, buffer, null, null);
    }

    private static Object call(Method method, Object target, Object... args) throws IOException {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("Grizzly's writer failed: " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new IOException("Grizzly's writer not reachable", e);
        }
    }

    private static Api api(Class<?> payaraConnection) {
        Api found = api;
        if (found != null || unavailable) {
            return found;
        }
        try {
            found = new Api(payaraConnection);
            api = found;
            LOG.fine("Upgraded connections (Socket.IO, /ws/messages) write through Grizzly's transport writer");
            return found;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unavailable = true;
            LOG.log(Level.INFO, "Upgraded connections (Socket.IO, /ws/messages) write through the servlet stream: "
                    + "Grizzly's writer is not reachable on this server", e);
            return null;
        }
    }

    /** The Payara and Grizzly members used, looked up once. */
    private static final class Api {
        final Field catalinaRequest;
        final Method grizzlyRequest;
        final Method secure;
        final Method connection;
        final Method transport;
        final Method asyncQueueIo;
        final Method writer;
        final Method memoryManager;
        final Method isOpen;
        final Method canWrite;
        final Method notifyWritePossible;
        final Method write;
        final Method wrap;
        final Class<?> writeHandlerType;

        Api(Class<?> payaraConnection) throws ReflectiveOperationException {
            ClassLoader loader = payaraConnection.getClassLoader();
            catalinaRequest = payaraConnection.getDeclaredField("request");
            catalinaRequest.setAccessible(true);
            grizzlyRequest = catalinaRequest.getType().getMethod("getCoyoteRequest");
            Class<?> request = load(loader, "org.glassfish.grizzly.http.server.Request");
            secure = request.getMethod("isSecure");
            connection = request.getMethod("getConnection");
            Class<?> connectionType = load(loader, "org.glassfish.grizzly.Connection");
            transport = connectionType.getMethod("getTransport");
            memoryManager = connectionType.getMethod("getMemoryManager");
            isOpen = connectionType.getMethod("isOpen");
            asyncQueueIo = load(loader, "org.glassfish.grizzly.asyncqueue.AsyncQueueEnabledTransport")
                    .getMethod("getAsyncQueueIO");
            writer = load(loader, "org.glassfish.grizzly.asyncqueue.AsyncQueueIO").getMethod("getWriter");
            Class<?> writerType = load(loader, "org.glassfish.grizzly.asyncqueue.AsyncQueueWriter");
            writeHandlerType = load(loader, "org.glassfish.grizzly.WriteHandler");
            canWrite = writerType.getMethod("canWrite", connectionType);
            notifyWritePossible = writerType.getMethod("notifyWritePossible", connectionType, writeHandlerType);
            write = writerType.getMethod("write", connectionType, Object.class,
                    load(loader, "org.glassfish.grizzly.asyncqueue.WritableMessage"),
                    load(loader, "org.glassfish.grizzly.CompletionHandler"),
                    load(loader, "org.glassfish.grizzly.asyncqueue.MessageCloner"));
            wrap = load(loader, "org.glassfish.grizzly.memory.Buffers").getMethod("wrap",
                    load(loader, "org.glassfish.grizzly.memory.MemoryManager"), byte[].class);
        }

        private static Class<?> load(ClassLoader loader, String name) throws ClassNotFoundException {
            return Class.forName(name, false, loader);
        }
    }
}
