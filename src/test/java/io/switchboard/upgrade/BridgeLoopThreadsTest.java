package io.switchboard.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bridge's loop threads: Grizzly worker threads where Grizzly's classes are there (Payara; the ITs run the bridge
 * on them), plain threads otherwise, and in both cases daemon threads that run netty's event loops.
 */
class BridgeLoopThreadsTest {

    @Test
    @Timeout(10)
    void anEventLoopRunsTasksOnTheThreadsItIsGiven() throws Exception {
        ThreadFactory threads = BridgeLoopThreads.create("bridge-test");
        EventLoopGroup loops = new DefaultEventLoopGroup(2, threads);
        try {
            CompletableFuture<Thread> ran = new CompletableFuture<>();
            loops.next().execute(() -> ran.complete(Thread.currentThread()));
            Thread thread = ran.get(5, TimeUnit.SECONDS);
            assertTrue(thread.getName().startsWith("bridge-test-"), thread.getName());
            assertTrue(thread.isDaemon(), "daemon, so a loop never holds the JVM up");
            assertEquals(grizzlyPresent(), isGrizzlyWorker(thread), thread.getClass().getName());
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private static boolean grizzlyPresent() {
        try {
            Class.forName("org.glassfish.grizzly.threadpool.DefaultWorkerThread", false,
                    BridgeLoopThreads.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean isGrizzlyWorker(Thread thread) {
        for (Class<?> type = thread.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals("org.glassfish.grizzly.threadpool.DefaultWorkerThread")) {
                return true;
            }
        }
        return false;
    }
}
