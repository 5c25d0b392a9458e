package io.switchboard.message;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Locale;

/** Checks the content of image and audio messages: a base64 {@code data:} URL of the right media type, or an http(s) URL. */
final class MediaContent {

    private static final String BASE64_MARKER = ";base64,";

    private MediaContent() {
    }

    /** @return {@code null} when the content is acceptable, otherwise what is wrong with it */
    static String problemWith(MessageType type, String content) {
        return content.regionMatches(true, 0, "data:", 0, 5)
                ? dataUrlProblem(type, content)
                : webUrlProblem(type, content);
    }

    private static String dataUrlProblem(MessageType type, String content) {
        int marker = content.indexOf(BASE64_MARKER);
        if (marker < 0) {
            return "a data: URL must be base64 encoded (data:<media type>;base64,<data>)";
        }
        String header = content.substring(5, marker).toLowerCase(Locale.ROOT);
        String mediaType = header.split(";", 2)[0].trim();
        String expected = type.wireName() + "/";
        if (!mediaType.startsWith(expected) || mediaType.length() == expected.length()) {
            return "an " + type.wireName() + " message needs a media type of " + expected + "*, not '"
                    + (mediaType.isEmpty() ? "none" : mediaType) + "'";
        }
        String payload = content.substring(marker + BASE64_MARKER.length());
        if (payload.isEmpty()) {
            return "the data: URL carries no data";
        }
        try {
            Base64.getDecoder().decode(payload);
            return null;
        } catch (IllegalArgumentException e) {
            return "the data: URL's base64 does not decode: " + e.getMessage();
        }
    }

    private static String webUrlProblem(MessageType type, String content) {
        String expectation = "an " + type.wireName() + " message's content must be a data: URL or an http(s) URL";
        try {
            URI uri = new URI(content);
            String scheme = uri.getScheme();
            boolean web = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
            return web && uri.getHost() != null ? null : expectation;
        } catch (URISyntaxException e) {
            return expectation;
        }
    }
}
