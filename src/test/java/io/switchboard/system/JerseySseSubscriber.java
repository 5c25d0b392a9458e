package io.switchboard.system;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.sse.InboundSseEvent;
import jakarta.ws.rs.sse.SseEventSource;

/** A Jakarta REST {@link SseEventSource} (Jersey) whose events are collected in a {@link FrameLog}. */
final class JerseySseSubscriber implements SseClient {

    private final SseEventSource source;
    private final FrameLog frames;
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    /** Opens the source; returns once the first response from the server has arrived. */
    JerseySseSubscriber(WebTarget target) {
        this.frames = new FrameLog("SseEventSource " + target.getUri());
        this.source = SseEventSource.target(target).reconnectingEvery(500, TimeUnit.MILLISECONDS).build();
        source.register(this::onEvent, errors::add);
        source.open();
    }

    private void onEvent(InboundSseEvent event) {
        frames.add(new SseFrame(event.getId(), event.getName(), event.isEmpty() ? null : event.readData(),
                event.isReconnectDelaySet() ? event.getReconnectDelay() : null, event.getComment()));
    }

    @Override
    public FrameLog frames() {
        return frames;
    }

    /** Errors reported to the source's error consumer (connection failures, unreadable events). */
    List<Throwable> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        source.close(5, TimeUnit.SECONDS);
    }
}
