package io.switchboard.message;

import java.util.Optional;

/**
 * An event id of the form {@code <epoch millis>-<sequence>}, the shape of a Redis stream entry id,
 * so that ids stay comparable whether the local node or a shared stream assigns them.
 */
public record EventId(long millis, long sequence) implements Comparable<EventId> {

    public static Optional<EventId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            return Optional.empty();
        }
        try {
            long millis = Long.parseLong(text, 0, dash, 10);
            long sequence = Long.parseLong(text, dash + 1, text.length(), 10);
            return millis < 0 || sequence < 0 ? Optional.empty() : Optional.of(new EventId(millis, sequence));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public int compareTo(EventId other) {
        int byTime = Long.compare(millis, other.millis);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
        return millis + "-" + sequence;
    }
}
