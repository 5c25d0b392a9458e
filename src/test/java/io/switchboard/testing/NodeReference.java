package io.switchboard.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A reference server of a differential test: a Node script in {@code src/test/js} that prints {@code listening PORT}
 * once it accepts connections on loopback, and ends when its standard input closes, so it never outlives its test.
 */
public final class NodeReference implements AutoCloseable {

    static final File DIRECTORY = new File("src/test/js");

    private final Process process;
    private final int port;

    private NodeReference(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public int port() {
        return port;
    }

    public static boolean nodeAvailable() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return node.waitFor(10, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts {@code node script args...} and waits for its port. */
    public static synchronized NodeReference start(String script, String... args) throws Exception {
        if (!new File(DIRECTORY, "node_modules/socket.io/package.json").isFile()
                || !new File(DIRECTORY, "node_modules/ws/package.json").isFile()) {
            // As the system tests' build step does; the unit tests run before it.
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIRECTORY)
                    .inheritIO().start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci in " + DIRECTORY + " failed");
            }
        }
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(DIRECTORY)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            String listening = line.get(30, TimeUnit.SECONDS);
            if (listening == null || !listening.startsWith("listening ")) {
                throw new IllegalStateException(script + " did not start: " + listening);
            }
            return new NodeReference(process, Integer.parseInt(listening.substring("listening ".length()).trim()));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
