package io.switchboard.config;

import java.util.Arrays;
import java.util.List;

/**
 * An allowlist of browser origins from a comma-separated setting ({@code https://app.example.com,http://localhost:3000});
 * {@code *} allows any, empty allows none.
 */
public final class Origins {

    private final List<String> allowed;
    private final boolean any;

    private Origins(List<String> allowed) {
        this.allowed = allowed;
        this.any = allowed.contains("*");
    }

    public static Origins parse(String setting) {
        return new Origins(setting == null ? List.of() : Arrays.stream(setting.split(","))
                .map(String::trim).filter(origin -> !origin.isEmpty()).toList());
    }

    public boolean allows(String origin) {
        return origin != null && (any || allowed.stream().anyMatch(origin::equalsIgnoreCase));
    }

    public boolean allowsAny() {
        return any;
    }
}
