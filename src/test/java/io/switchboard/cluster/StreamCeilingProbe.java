package io.switchboard.cluster;

import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;
import io.switchboard.testredis.SentinelGroup;
import jakarta.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.XAddParams;

/**
 * Not a test (surefire does not pick it up by name): the ceiling of the one cluster stream, run by
 * {@code bench/stream-ceiling.sh}, which copies the section it writes ({@code target/stream-ceiling.md}) into
 * bench/FAILOVER.md. Three questions, on one Redis master with two replicas on loopback, Switchboard's publisher and
 * reader as plain objects (no app server, no HTTP):
 * <ol>
 *   <li>How many events per second do one and two nodes append through {@link ClusterPublisher} (eight threads each,
 *       as fast as they go), and does a third node's reader keep up?</li>
 *   <li>How many events per second does one node's {@link StreamReader} deliver when the stream is filled faster than
 *       any node's publisher can: writers pipelining {@code XADD}s of well-formed entries straight to the stream. How
 *       far behind does it fall, in entries and in time?</li>
 *   <li>How fast does that reader drain a backlog on its own (held, then let go), as after an outage?</li>
 * </ol>
 * The reader's local delivery here is a counter ({@link DeliveryTally}): the figures are the reader's own ceiling
 * (XREAD, decoding, dedupe), not a fan-out to clients, which the benchmark measures on its own.
 */
class StreamCeilingProbe {

    private static final long SECONDS = Long.getLong("probe.seconds", 5);
    private static final int THREADS_PER_NODE = 8;
    private static final int PIPELINE = 100;
    private static final int BACKLOG = 300_000;
    /** Larger than anything a round appends, so no entry is trimmed before the reader gets to it. */
    private static final long MAX_LEN = 5_000_000;
    private static final Path OUT = Path.of(System.getProperty("probe.out", "target/stream-ceiling.md"));

    /** The event field of a small event, as {@link StreamEntryCodec} writes it. */
    private static final String EVENT_JSON = StreamEntryCodec.encode(new StreamEntry(new HubEvent("0", "test",
            Json.createObjectBuilder().add("n", "filler").build(), Instant.now(), "test", "c", Audience.CHANNEL),
            "x", "0")).get(StreamEntryCodec.EVENT);

    private SentinelGroup group;
    private int round;

    @Test
    void measure() throws Exception {
        double loadBefore = loadAverage();
        Instant started = Instant.now();
        List<String> publisherRows = new ArrayList<>();
        List<String> readerRows = new ArrayList<>();
        String backlogRow;
        String redisVersion;
        try (SentinelGroup redis = SentinelGroup.start(2, 0)) {
            group = redis;
            Thread.sleep(1500); // replicas just synced may not acknowledge a WAIT at once
            try (Jedis jedis = master()) {
                redisVersion = jedis.info("server").lines().filter(line -> line.startsWith("redis_version:"))
                        .map(line -> line.substring("redis_version:".length()).trim()).findFirst().orElse("?");
            }
            publishers(1, 0, 2); // warm-up (the JIT), not recorded
            fill(1, 2);
            publisherRows.add(publishers(1, 0, SECONDS));
            publisherRows.add(publishers(2, 0, SECONDS));
            publisherRows.add(publishers(1, 1, SECONDS));
            publisherRows.add(publishers(2, 1, SECONDS));
            readerRows.add(fill(1, SECONDS));
            readerRows.add(fill(2, SECONDS));
            backlogRow = backlog(BACKLOG);
        }
        double loadAfter = loadAverage();
        String section = """
                ## The one stream's ceiling (`bench/stream-ceiling.sh`)

                Measured %s by `bench/stream-ceiling.sh` (`StreamCeilingProbe`): redis-server %s as a master with two
                replicas on loopback, Switchboard's `ClusterPublisher` and `StreamReader` as plain objects (no app
                server, no HTTP), %d s per row, %d cores, load average (1 min) %.2f before and %.2f after. The reader's
                node delivers into a counter: these are the reader's own figures (XREAD COUNT 500, decoding, dedupe),
                not a fan-out to clients.

                **Appending through nodes' publishers** (%d threads per node as fast as they go; a further node's
                reader delivering everything):

                | publisher nodes | `min-replicas` | appended, events/s | per node | reader delivered during the run, events/s | reader behind at most: entries / ms | reader done after the last append |
                |---:|---:|---:|---:|---:|---:|---:|
                %s

                **One node's reader against a stream filled faster** (writers pipelining `XADD`s of well-formed entries,
                %d per round trip, straight to the stream, as fast as they go):

                | writers | appended, events/s | reader delivered during the fill, events/s | reader behind at most: entries / ms | reader done after the last append | reader over the whole round, events/s |
                |---:|---:|---:|---:|---:|---:|
                %s

                **One node's reader draining a backlog** (held inside its first delivery while one writer appends
                %,d entries, then let go; nothing else runs while it drains: the reader alone, as after an outage):

                | entries behind | drained in | events/s |
                |---:|---:|---:|
                %s
                """.formatted(started.truncatedTo(ChronoUnit.MINUTES).toString().replace("T", " ").replace("Z", " UTC"),
                redisVersion, SECONDS, Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter,
                THREADS_PER_NODE, String.join("\n", publisherRows), PIPELINE, String.join("\n", readerRows), BACKLOG,
                backlogRow);
        Files.createDirectories(OUT.toAbsolutePath().getParent());
        Files.writeString(OUT, section);
        System.out.println(section);
    }

    /** {@code nodes} publisher nodes with {@link #THREADS_PER_NODE} threads each for {@code seconds}; one reader node. */
    private String publishers(int nodes, int minReplicas, long seconds) throws InterruptedException {
        String stream = "probe:ceiling:" + (++round);
        DeliveryTally tally = new DeliveryTally();
        TestClusterNode reader = new TestClusterNode("reader", settings(minReplicas, stream), tally);
        List<TestClusterNode> publishing = new ArrayList<>();
        AtomicLong appended = new AtomicLong();
        try {
            awaitUp(reader);
            for (int n = 0; n < nodes; n++) {
                TestClusterNode node = new TestClusterNode("p" + n, settings(minReplicas, stream), event -> { });
                publishing.add(node);
                awaitUp(node);
            }
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> threads = new ArrayList<>();
            try (ReaderLag lag = new ReaderLag(appended, tally)) {
                for (TestClusterNode node : publishing) {
                    for (int t = 0; t < THREADS_PER_NODE; t++) {
                        String prefix = node.nodeId + "-" + t + "-";
                        threads.add(started(() -> {
                            for (int i = 0; System.nanoTime() < end; i++) {
                                node.publish("c", prefix + i);
                                appended.incrementAndGet();
                            }
                        }));
                    }
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                long appendedAt = System.nanoTime();
                long deliveredByThen = tally.count();
                long doneAt = awaitDelivered(tally, appended.get());
                double runSeconds = (appendedAt - start) / 1e9;
                String row = String.format("| %d | %d | %,.0f | %,.0f | %,.0f | %,d / %,d | %s |", nodes, minReplicas,
                        appended.get() / runSeconds, appended.get() / runSeconds / nodes, deliveredByThen / runSeconds,
                        lag.maxEntries(), lag.maxMillis(), done(tally, appended.get(), doneAt, appendedAt));
                System.out.println("PROBE publishers " + row);
                return row;
            }
        } finally {
            reader.stop();
            publishing.forEach(TestClusterNode::stop);
            delete(stream);
        }
    }

    /** {@code writers} threads pipelining XADDs for {@code seconds}; one node's reader delivers them. */
    private String fill(int writers, long seconds) throws InterruptedException {
        String stream = "probe:fill:" + (++round);
        DeliveryTally tally = new DeliveryTally();
        TestClusterNode reader = new TestClusterNode("reader", settings(0, stream), tally);
        AtomicLong appended = new AtomicLong();
        try {
            awaitUp(reader);
            XAddParams trimming = XAddParams.xAddParams().maxLen(MAX_LEN).approximateTrimming();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> threads = new ArrayList<>();
            try (ReaderLag lag = new ReaderLag(appended, tally)) {
                for (int w = 0; w < writers; w++) {
                    String origin = "filler-" + w;
                    threads.add(started(() -> {
                        try (Jedis jedis = master()) {
                            for (long i = 0; System.nanoTime() < end; ) {
                                Pipeline pipeline = jedis.pipelined();
                                for (int k = 0; k < PIPELINE; k++, i++) {
                                    pipeline.xadd(stream, trimming, entryFields(origin, i));
                                }
                                pipeline.sync();
                                appended.addAndGet(PIPELINE);
                            }
                        }
                    }));
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                long appendedAt = System.nanoTime();
                long deliveredByThen = tally.count();
                long doneAt = awaitDelivered(tally, appended.get());
                double runSeconds = (appendedAt - start) / 1e9;
                String row = String.format("| %d | %,.0f | %,.0f | %,d / %,d | %s | %,.0f |", writers,
                        appended.get() / runSeconds, deliveredByThen / runSeconds, lag.maxEntries(), lag.maxMillis(),
                        done(tally, appended.get(), doneAt, appendedAt), tally.count() / ((doneAt - start) / 1e9));
                System.out.println("PROBE reader " + row);
                return row;
            }
        } finally {
            reader.stop();
            delete(stream);
        }
    }

    private static Thread started(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }

    /**
     * Holds the reader in its first delivery while one writer appends {@code entries}, then lets it go and times how
     * long it takes to deliver them all.
     */
    private String backlog(int entries) throws InterruptedException {
        String stream = "probe:backlog:" + (++round);
        DeliveryTally tally = new DeliveryTally();
        CountDownLatch held = new CountDownLatch(1);
        TestClusterNode reader = new TestClusterNode("reader", settings(0, stream), event -> {
            try {
                held.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            tally.accept(event);
        });
        try {
            awaitUp(reader);
            try (Jedis jedis = master()) {
                Map<String, String> fields = entryFields("held", 0);
                jedis.xadd(stream, XAddParams.xAddParams(), fields); // the reader stops in this one's delivery
                for (int i = 1; i < entries; ) {
                    Pipeline pipeline = jedis.pipelined();
                    for (int k = 0; k < PIPELINE && i < entries; k++, i++) {
                        pipeline.xadd(stream, XAddParams.xAddParams(), entryFields("backlog", i));
                    }
                    pipeline.sync();
                }
            }
            long start = System.nanoTime();
            held.countDown();
            long doneAt = awaitDelivered(tally, entries);
            String row = String.format("| %,d | %s | %,.0f |", entries, done(tally, entries, doneAt, start),
                    tally.count() / ((doneAt - start) / 1e9));
            System.out.println("PROBE backlog " + row);
            return row;
        } finally {
            held.countDown();
            reader.stop();
            delete(stream);
        }
    }

    /** The fields a publisher writes (StreamEntryCodec) for a small event; each (origin, n) its own origin key. */
    private static Map<String, String> entryFields(String origin, long n) {
        return Map.of(StreamEntryCodec.EVENT, EVENT_JSON, StreamEntryCodec.ORIGIN_NODE, origin,
                StreamEntryCodec.ORIGIN_ID, Long.toString(n));
    }

    /** Waits until {@code tally} reached {@code expected}, or made no progress for 5 s; returns when it stopped. */
    private static long awaitDelivered(DeliveryTally tally, long expected) throws InterruptedException {
        long last = -1;
        long progressAt = System.nanoTime();
        while (tally.count() < expected) {
            long now = System.nanoTime();
            if (tally.count() != last) {
                last = tally.count();
                progressAt = now;
            } else if (now - progressAt > TimeUnit.SECONDS.toNanos(5)) {
                return progressAt;
            }
            Thread.sleep(1);
        }
        return System.nanoTime();
    }

    private static String done(DeliveryTally tally, long expected, long doneAt, long appendedAt) {
        long ms = Math.max(0, TimeUnit.NANOSECONDS.toMillis(doneAt - appendedAt));
        return tally.count() >= expected ? String.format("%,d ms", ms)
                : String.format("never: %,d of %,d delivered", tally.count(), expected);
    }

    private ClusterSettings settings(int minReplicas, String stream) {
        return new ClusterSettings(Optional.of(URI.create("redis://127.0.0.1:" + group.initialMasterPort())),
                Optional.empty(), Optional.empty(), Optional.empty(), minReplicas, stream, MAX_LEN, 100_000, 50, 500,
                30_000, 2000, THREADS_PER_NODE);
    }

    private Jedis master() {
        return new Jedis("127.0.0.1", group.initialMasterPort());
    }

    private void delete(String stream) {
        try (Jedis jedis = master()) {
            jedis.del(stream);
        }
    }

    private static void awaitUp(TestClusterNode node) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!node.link.isUp()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not connected");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
