package io.switchboard.auth;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The channels and rooms a token may use: its {@code channels} claim, patterns where {@code *} stands for any run of
 * characters ({@code ops-*}). A token without the claim may use every channel.
 */
public final class ChannelPatterns {

    public static final ChannelPatterns ANY = new ChannelPatterns(null);

    private final List<Pattern> patterns; // null: unrestricted
    private final boolean everything;

    private ChannelPatterns(List<String> globs) {
        this.patterns = globs == null ? null : globs.stream().map(ChannelPatterns::compile).toList();
        this.everything = globs == null || globs.contains("*");
    }

    /** @param globs the claim's patterns; {@code null} when the token has no such claim */
    public static ChannelPatterns of(List<String> globs) {
        return globs == null ? ANY : new ChannelPatterns(List.copyOf(globs));
    }

    public boolean allows(String channel) {
        return everything || (channel != null && patterns.stream().anyMatch(p -> p.matcher(channel).matches()));
    }

    /**
     * Whether the holder may reach or follow every channel at once: broadcasts, messages without a room, and streams
     * of all channels would otherwise bypass the restriction.
     */
    public boolean allowsEverything() {
        return everything;
    }

    private static Pattern compile(String glob) {
        return Pattern.compile(java.util.Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*")));
    }

    @Override
    public String toString() {
        return patterns == null ? "*" : patterns.toString();
    }
}
