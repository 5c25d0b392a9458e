package io.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official JavaScript client (socket.io-client 4.8, installed by the build with {@code npm ci}) against the
 * deployed WAR, under Node: {@code src/test/js/socketio-client.test.mjs} exits 0 when every check passed.
 */
class SocketIoJsClientIT extends SocketIoSystemTest {

    private static final Logger LOG = Logger.getLogger(SocketIoJsClientIT.class.getName());
    private static final long NODE_TIMEOUT_SECONDS = 120;

    /** The seed's {@code io("http://host:8000", {path: "/ws/chat/"})} on the app server's port, and the direct port. */
    @ParameterizedTest
    @ValueSource(strings = {"app-server port", "direct port"})
    void theJavaScriptClientPassesItsChecks(String entry) throws IOException, InterruptedException {
        int port = entry.equals("direct port") ? socketIoPort() : httpPort();
        File script = new File("src/test/js/socketio-client.test.mjs");
        assertTrue(new File("src/test/js/node_modules/socket.io-client").isDirectory(),
                "run `npm ci` in src/test/js (the build does it in pre-integration-test)");
        Path output = Files.createTempFile("socketio-js", ".log");
        Process node = new ProcessBuilder("node", script.getPath(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = node.waitFor(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        LOG.info(() -> "node " + script + ":\n" + log);
        assertTrue(finished, "node did not finish within " + NODE_TIMEOUT_SECONDS + " s:\n" + log);
        assertEquals(0, node.exitValue(), log);
        assertTrue(log.contains("ALL PASSED"), log);
    }
}
