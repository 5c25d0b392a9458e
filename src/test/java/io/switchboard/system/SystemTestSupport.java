package io.switchboard.system;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Shared constants and small utilities of the system tests: the deployment, the loopback base URI, bounded polling,
 * unique names and event-id ordering.
 */
final class SystemTestSupport {

    /** The WAR built by {@code mvn package}; failsafe runs after that phase. */
    static final String WAR_PATH = "target/switchboard.war";

    /** How long a single event may take to reach a subscriber before a test gives up. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

    /** How long a bulk delivery (hundreds of events) may take before a test gives up. */
    static final Duration BULK_TIMEOUT = Duration.ofSeconds(30);

    /** How long the server may take to notice closed SSE clients (heartbeats run every second in the tests). */
    static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(15);

    /** Orders the server's event ids, {@code "<millis>-<seq>"}, numerically. */
    static final Comparator<String> EVENT_ID_ORDER = Comparator
            .comparingLong((String id) -> Long.parseLong(id.substring(0, id.indexOf('-'))))
            .thenComparingLong(id -> Long.parseLong(id.substring(id.indexOf('-') + 1)));

    private SystemTestSupport() {
    }

    static WebArchive switchboardWar() {
        File war = new File(WAR_PATH);
        if (!war.isFile()) {
            throw new IllegalStateException(war.getAbsolutePath() + " is missing; build it with `mvn package` first");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /**
     * The application's base URI on the loopback interface. Arquillian reports the machine's external address; the
     * tests only ever talk to 127.0.0.1, on the reported port and under the reported context root.
     */
    static URI loopbackBase(URL deploymentUrl) {
        String path = deploymentUrl.getPath() == null ? "" : deploymentUrl.getPath().replaceAll("/{2,}", "/");
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        return URI.create("http://127.0.0.1:" + deploymentUrl.getPort() + path);
    }

    /** A name that no other test uses, valid as an event type, channel or room: {@code prefix-xxxxxxxx}. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Polls {@code probe} every {@code interval} until its value satisfies {@code done}, for at most {@code timeout}.
     *
     * @return the first value that satisfied {@code done}
     * @throws AssertionError naming {@code what} and the last value seen when the time runs out
     */
    static <T> T awaitValue(Supplier<T> probe, Predicate<T> done, Duration timeout, Duration interval, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + "; last value: " + last);
            }
            pause(interval);
            last = probe.get();
        }
        return last;
    }

    /** Closes each of them that is not null, whatever the others do: for a test's teardown. */
    static void closeAll(AutoCloseable... closeables) {
        for (AutoCloseable closeable : closeables) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    static String abbreviate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "...(" + text.length() + " chars)";
    }
}
