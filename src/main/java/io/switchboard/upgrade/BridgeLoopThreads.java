package io.switchboard.upgrade;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.reflect.Constructor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Threads for the event loops that write to upgraded connections (Socket.IO's bridge, {@code /ws/messages}). On
 * Payara they are Grizzly worker threads, each with the memory pool Grizzly gives its own threads; elsewhere (WildFly,
 * or if Grizzly's classes are not visible) netty's plain threads.
 * <p>
 * Why: the bridge writes to the container's output from these loops. Grizzly's output buffer takes a fresh buffer of
 * its full size (8 KB) for every write that fits in it, from the writing thread's pool, and a thread that is not
 * Grizzly's has none, so every write allocated and zeroed a new 8 KB array: 78 of 348 samples on the bridge loops in
 * a burst to 1,000 clients ({@code bench/NOTES.md}). From a pool, the buffer of a write that completes at once is
 * handed back and the next write reuses it. The Servlet API offers no way to shrink that buffer (Payara only ever
 * grows it), so this is the one place that knows the container; nothing else about the loops changes.
 */
public final class BridgeLoopThreads {

    private static final Logger LOG = Logger.getLogger(BridgeLoopThreads.class.getName());
    private static final String WORKER_THREAD = "org.glassfish.grizzly.threadpool.DefaultWorkerThread";

    private BridgeLoopThreads() {
    }

    /** Grizzly worker threads named {@code prefix-N} where Grizzly is there, else netty's daemon threads. */
    public static ThreadFactory create(String prefix) {
        try {
            ThreadFactory grizzly = grizzlyWorkers(prefix);
            // Made once here, so a failure shows now and not when the first loop starts.
            grizzly.newThread(() -> { });
            LOG.fine(() -> prefix + " loops run on Grizzly worker threads");
            return grizzly;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.log(Level.FINE, prefix + " loops run on plain threads: Grizzly's are not available", e);
            return new DefaultThreadFactory(prefix, true);
        }
    }

    private static ThreadFactory grizzlyWorkers(String prefix) throws ReflectiveOperationException {
        ClassLoader loader = BridgeLoopThreads.class.getClassLoader();
        Class<?> worker = Class.forName(WORKER_THREAD, false, loader);
        Class<?> attributeBuilder = Class.forName("org.glassfish.grizzly.attributes.AttributeBuilder", false, loader);
        Class<?> memoryManager = Class.forName("org.glassfish.grizzly.memory.MemoryManager", false, loader);
        Class<?> poolProvider = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPoolProvider", false, loader);
        Class<?> pool = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPool", false, loader);
        Object attributes = attributeBuilder.getField("DEFAULT_ATTRIBUTE_BUILDER").get(null);
        Object manager = memoryManager.getField("DEFAULT_MEMORY_MANAGER").get(null);
        if (!poolProvider.isInstance(manager)) {
            throw new IllegalStateException("Grizzly's memory manager has no thread pools: " + manager);
        }
        var createPool = poolProvider.getMethod("createThreadLocalPool");
        Constructor<?> constructor = worker.getConstructor(attributeBuilder, String.class, pool, Runnable.class);
        AtomicInteger next = new AtomicInteger();
        return task -> {
            try {
                Thread thread = (Thread) constructor.newInstance(attributes, prefix + "-" + next.incrementAndGet(),
                        createPool.invoke(manager), task);
                thread.setDaemon(true);
                return thread;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a Grizzly worker thread", e);
            }
        };
    }
}
