package io.switchboard.rest;

import io.switchboard.config.Origins;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The CORS headers of an answer to a browser origin in {@code switchboard.cors.origins}: those that let its pages read
 * it. By default no origin is listed, so only same-origin pages can. No credentials are allowed: tokens travel in
 * {@code Authorization} or {@code ?token=}, never in cookies. One place for them, as the SSE streams write their own
 * headers and every other answer gets them from {@link CorsFilter}.
 */
public final class CorsHeaders {

    /** Added to every answer, listed origin or not: caches must keep answers to different origins apart. */
    public static final String VARY = "Vary";
    public static final String VARY_VALUE = "Origin";

    private final Origins origins;

    CorsHeaders(Origins origins) {
        this.origins = origins;
    }

    public static CorsHeaders fromConfig() {
        return new CorsHeaders(Origins.parse(ConfigProvider.getConfig()
                .getOptionalValue("switchboard.cors.origins", String.class).orElse("")));
    }

    /** The headers to set for a request from {@code origin}; empty when it is not allowed (or not sent). */
    public Map<String, String> forOrigin(String origin) {
        if (!origins.allows(origin)) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Access-Control-Allow-Origin", origins.allowsAny() ? "*" : origin);
        headers.put("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        headers.put("Access-Control-Allow-Headers", "Authorization, Content-Type, Last-Event-ID");
        headers.put("Access-Control-Max-Age", "600");
        return headers;
    }
}
