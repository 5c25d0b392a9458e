package io.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The web console in a real browser: {@code src/test/browser/console.test.mjs} drives two pages in Debian's headless
 * Chromium with playwright-core (installed by the build with {@code npm ci}) against the deployed WAR, over SSE and
 * Socket.IO, checks that the live figures' charts are drawn and move under traffic, and saves screenshots to
 * {@code target/browser/} (the whole pages, and the charts alone in {@code console-figures.png}). No Chromium is a
 * failure, not a skip: CI installs it.
 */
class WebConsoleBrowserIT extends SocketIoSystemTest {

    private static final Logger LOG = Logger.getLogger(WebConsoleBrowserIT.class.getName());
    private static final long NODE_TIMEOUT_SECONDS = 180;
    private static final String CHROMIUM = System.getProperty("switchboard.chromium", "/usr/bin/chromium");

    @Test
    void twoPagesSeeEachOthersMessagesOverSseAndSocketIoAndChartsMove() throws IOException, InterruptedException {
        if (!new File(CHROMIUM).canExecute()) {
            fail("Chromium is not installed at " + CHROMIUM + ": the browser test needs it "
                    + "(Debian: apt-get install -y chromium; .ci/run installs it), or point -Dswitchboard.chromium at one");
        }
        assertTrue(new File("src/test/browser/node_modules/playwright-core").isDirectory(),
                "run `npm ci` in src/test/browser (the build does it in pre-integration-test)");
        // The page is served by the app server; /api/client-config sends its Socket.IO client to the same origin.
        File shots = new File("target/browser");
        Path output = Files.createTempFile("browser-test", ".log");
        Process node = new ProcessBuilder("node", "src/test/browser/console.test.mjs", base.toString(),
                shots.getAbsolutePath(), CHROMIUM)
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = node.waitFor(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        LOG.info(() -> "browser test:\n" + log);
        assertTrue(finished, "the browser test did not finish within " + NODE_TIMEOUT_SECONDS + " s:\n" + log);
        assertEquals(0, node.exitValue(), log);
        assertTrue(log.contains("ALL PASSED"), log);
        assertTrue(new File(shots, "console-bob.png").isFile(), "no screenshot in " + shots);
        assertTrue(new File(shots, "console-figures.png").isFile(), "no screenshot of the charts in " + shots);
    }

    @Test
    void clientConfigSendsTheConsoleToItsOwnOriginAndNamesTheDirectPort() {
        var config = get("api/client-config").getJsonObject("socketio");
        assertTrue(config.isNull("port"), config::toString);
        assertEquals("/ws/chat/", config.getString("path"));
        assertEquals(socketIoPort(), config.getInt("direct_port"));
    }
}
