package io.switchboard.socketio;

import java.nio.charset.StandardCharsets;

/** The media type of binary content without a {@code media_type}, from the signature its common formats start with. */
final class MediaSignatures {

    private MediaSignatures() {
    }

    /** @return the media type, or {@code null} when the bytes start as no format known here */
    static String detect(byte[] bytes) {
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
            return "image/png";
        }
        if (startsWith(bytes, 0, 0xff, 0xd8, 0xff)) {
            return "image/jpeg";
        }
        if (startsWith(bytes, 0, "GIF87a") || startsWith(bytes, 0, "GIF89a")) {
            return "image/gif";
        }
        if (startsWith(bytes, 0, "RIFF") && startsWith(bytes, 8, "WEBP")) {
            return "image/webp";
        }
        if (startsWith(bytes, 0, "RIFF") && startsWith(bytes, 8, "WAVE")) {
            return "audio/wav";
        }
        if (startsWith(bytes, 0, "OggS")) {
            return "audio/ogg";
        }
        if (startsWith(bytes, 0, "fLaC")) {
            return "audio/flac";
        }
        if (startsWith(bytes, 0, "ID3")) {
            return "audio/mpeg";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int offset, String ascii) {
        byte[] expected = ascii.getBytes(StandardCharsets.US_ASCII);
        int[] values = new int[expected.length];
        for (int i = 0; i < expected.length; i++) {
            values[i] = expected[i];
        }
        return startsWith(bytes, offset, values);
    }

    private static boolean startsWith(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xff) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
