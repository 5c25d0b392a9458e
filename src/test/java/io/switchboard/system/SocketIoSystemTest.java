package io.switchboard.system;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the Socket.IO system tests: the built WAR on a fresh Payara Micro, its REST API on loopback, and the port
 * of its Socket.IO server, which the build reserved and passed to both the server and this JVM.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class SocketIoSystemTest {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    @ArquillianResource
    private URL deploymentUrl;

    protected Client http;
    protected URI base;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        File war = new File("target/switchboard.war");
        if (!war.isFile()) {
            throw new IllegalStateException(war.getAbsolutePath() + " is missing; build it with `mvn package` first");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    static int socketIoPort() {
        String port = System.getProperty("switchboard.socketio.port");
        if (port == null) {
            throw new IllegalStateException("system property switchboard.socketio.port is not set (see pom.xml)");
        }
        return Integer.parseInt(port);
    }

    /** The port this test's Socket.IO clients connect to: the direct port here, the app server's in a subclass. */
    protected int entryPort() {
        return socketIoPort();
    }

    /** The app server's HTTP port, where REST, SSE and (same origin) Socket.IO answer. */
    protected int httpPort() {
        return deploymentUrl.getPort();
    }

    @BeforeEach
    void openHttp() {
        http = ClientBuilder.newClient();
        // Arquillian reports the machine's address; the tests only ever talk to 127.0.0.1.
        String path = deploymentUrl.getPath() == null ? "/" : deploymentUrl.getPath().replaceAll("/{2,}", "/");
        path = (path.startsWith("/") ? "" : "/") + path + (path.endsWith("/") ? "" : "/");
        base = URI.create("http://127.0.0.1:" + deploymentUrl.getPort() + path);
    }

    @AfterEach
    void closeHttp() {
        http.close();
    }

    WebTarget target(String path) {
        return http.target(base).path(path);
    }

    JsonObject get(String path) {
        try (Response response = target(path).request(MediaType.APPLICATION_JSON).get()) {
            return parse(response.readEntity(String.class));
        }
    }

    JsonObject post(String path, JsonObject body, int expectedStatus) {
        try (Response response = target(path).request(MediaType.APPLICATION_JSON)
                .post(Entity.entity(body.toString(), MediaType.APPLICATION_JSON_TYPE))) {
            String text = response.readEntity(String.class);
            if (response.getStatus() != expectedStatus) {
                throw new AssertionError("POST " + path + " answered " + response.getStatus() + ": " + text);
            }
            return parse(text);
        }
    }

    /** The number of connections {@code /api/health} reports for a transport. */
    int healthConnections(String transport) {
        return get("api/health").getJsonObject("components").getJsonObject(transport).getInt("connections");
    }

    static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    static <T> T await(Supplier<T> probe, Predicate<T> done, String what) {
        return await(probe, done, what, TIMEOUT);
    }

    static <T> T await(Supplier<T> probe, Predicate<T> done, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            last = probe.get();
        }
        return last;
    }
}
