package io.switchboard.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.PackageVersion;
import java.security.CodeSource;

/**
 * Which Jackson netty-socketio runs on. Application servers may load their own, parent first, instead of the one in
 * the WAR; the startup log says which, to make a mismatch easy to spot.
 */
final class JacksonVersion {

    private JacksonVersion() {
    }

    static String describe() {
        CodeSource source = ObjectMapper.class.getProtectionDomain().getCodeSource();
        return PackageVersion.VERSION + " from " + (source == null ? "the server" : source.getLocation());
    }
}
