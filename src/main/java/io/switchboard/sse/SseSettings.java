package io.switchboard.sse;

/**
 * How the SSE hub behaves; read from configuration by {@link SseHub}.
 *
 * @param heartbeatMillis    period of the comment line that keeps proxies open and finds dead peers
 * @param retryMillis        the {@code retry:} advice sent on connect
 * @param historySize        events kept per channel for {@code Last-Event-ID} replay
 * @param historyChannels    channels whose history is kept
 * @param clientQueue        events queued for one client before it is dropped as too slow
 * @param writerThreads      threads writing to clients
 * @param writeTimeoutMillis how long one write may take before the client is dropped
 */
public record SseSettings(long heartbeatMillis, long retryMillis, int historySize, int historyChannels,
                          int clientQueue, int writerThreads, long writeTimeoutMillis) {
}
