package io.switchboard.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Everything one SSE client received, in arrival order, with bounded waits on it. Frames are never consumed, so a
 * test can both wait for a marker and then check what did (or did not) arrive before it.
 */
final class FrameLog {

    private final List<SseFrame> frames = new ArrayList<>();
    private final String name;

    FrameLog(String name) {
        this.name = name;
    }

    synchronized void add(SseFrame frame) {
        frames.add(frame);
        notifyAll();
    }

    synchronized List<SseFrame> snapshot() {
        return List.copyOf(frames);
    }

    /** Waits for the first frame matching {@code match}. */
    SseFrame await(Predicate<SseFrame> match, Duration timeout, String what) {
        return awaitCount(match, 1, timeout, what).get(0);
    }

    /** Waits for the first frame matching {@code match}, or returns {@code null} when none came within the time. */
    synchronized SseFrame poll(Predicate<SseFrame> match, Duration timeout) {
        List<SseFrame> found = waitFor(match, 1, timeout);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Waits until at least {@code count} frames match and returns all matching frames in arrival order. */
    synchronized List<SseFrame> awaitCount(Predicate<SseFrame> match, int count, Duration timeout, String what) {
        List<SseFrame> found = waitFor(match, count, timeout);
        if (found.size() < count) {
            throw new AssertionError(name + ": timed out after " + timeout.toMillis() + " ms waiting for " + count
                    + " x " + what + "; got " + found.size() + " matching of " + frames.size() + " frames; last frames:\n"
                    + describeTail(5));
        }
        return found;
    }

    private List<SseFrame> waitFor(Predicate<SseFrame> match, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<SseFrame> found = frames.stream().filter(match).collect(Collectors.toList());
            long remaining = deadline - System.nanoTime();
            if (found.size() >= count || remaining <= 0) {
                return found;
            }
            try {
                wait(Math.max(1, remaining / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted", e);
            }
        }
    }

    synchronized List<SseFrame> matching(Predicate<SseFrame> match) {
        return frames.stream().filter(match).collect(Collectors.toList());
    }

    private String describeTail(int count) {
        return frames.subList(Math.max(0, frames.size() - count), frames.size()).stream()
                .map(frame -> "  " + frame)
                .collect(Collectors.joining("\n"));
    }

    @Override
    public synchronized String toString() {
        return name + " (" + frames.size() + " frames)";
    }
}
