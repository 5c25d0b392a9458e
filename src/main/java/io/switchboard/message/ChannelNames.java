package io.switchboard.message;

import java.util.regex.Pattern;

/**
 * Names of channels, rooms and event types. A narrow alphabet keeps them safe to write into SSE fields,
 * Redis keys and log lines without escaping.
 */
public final class ChannelNames {

    public static final int MAX_LENGTH = 64;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.:-]{1," + MAX_LENGTH + "}");

    private ChannelNames() {
    }

    public static boolean isValid(String name) {
        return name != null && ALLOWED.matcher(name).matches();
    }

    public static String describeRule() {
        return "1 to " + MAX_LENGTH + " characters of A-Z, a-z, 0-9, '_', '.', ':', '-'";
    }
}
