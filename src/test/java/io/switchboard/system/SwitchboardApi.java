package io.switchboard.system;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.glassfish.jersey.jsonp.JsonProcessingFeature;
import org.glassfish.jersey.media.sse.SseFeature;

/**
 * The Switchboard server as the tests see it, over loopback: REST calls (Jersey client), SSE subscriptions (Jersey
 * {@code SseEventSource} or a raw {@link HttpClient} stream) and health probes. Closing it closes every client it
 * opened.
 */
final class SwitchboardApi implements AutoCloseable {

    static {
        // HttpURLConnection (Jersey's default connector) silently re-sends a POST on some I/O errors; a re-sent publish
        // would be a second event and spoil the "nothing lost, nothing twice" checks.
        System.setProperty("sun.net.http.retryPost", "false");
    }

    static final String LAST_EVENT_ID = "Last-Event-ID";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final URI base;
    private final Client rest;
    private final Client sse;
    private final HttpClient http;
    private final List<SseClient> subscriptions = new CopyOnWriteArrayList<>();

    SwitchboardApi(URL deploymentUrl) {
        this.base = SystemTestSupport.loopbackBase(deploymentUrl);
        this.rest = ClientBuilder.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .register(JsonProcessingFeature.class)
                .build();
        this.sse = ClientBuilder.newBuilder() // no read timeout: streams stay open
                .connectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .register(SseFeature.class)
                .build();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    URI base() {
        return base;
    }

    // ---------------------------------------------------------------- REST

    ApiResponse get(String path) {
        return send("GET", path, null);
    }

    /** {@code method path} without a body. */
    ApiResponse send(String method, String path) {
        return send(method, path, null);
    }

    ApiResponse postJson(String path, JsonValue body) {
        return send("POST", path, Entity.json(body));
    }

    ApiResponse postRaw(String path, String body, String contentType) {
        return send("POST", path, Entity.entity(body, contentType));
    }

    private ApiResponse send(String method, String path, Entity<?> entity) {
        Invocation.Builder request = rest.target(base.resolve(path)).request(MediaType.APPLICATION_JSON_TYPE);
        try (Response response = entity == null ? request.method(method) : request.method(method, entity)) {
            return new ApiResponse(method + " " + path, response.getStatus(),
                    response.getHeaderString(HttpHeaders.CONTENT_TYPE),
                    response.hasEntity() ? response.readEntity(String.class) : "");
        }
    }

    /** Publishes an event, asserts 202, and returns the event id. {@code data} and {@code channel} may be null. */
    String publish(String eventType, JsonValue data, String channel) {
        JsonObject accepted = postJson("api/events/publish",
                JsonSupport.obj("event_type", eventType, "data", data, "channel", channel)).expectJson(202);
        return accepted.getString("id");
    }

    /** Posts a chat message, asserts 201, and returns the stored message. */
    JsonObject postMessage(JsonObject message) {
        return postJson("api/message", message).expectJson(201);
    }

    /** Broadcasts a chat message, asserts 202, and returns the answer ({@code id}, {@code recipients}, {@code message}). */
    JsonObject broadcast(JsonObject message) {
        return postJson("api/messages/broadcast", message).expectJson(202);
    }

    JsonObject health() {
        return get("api/health").expectJson(200);
    }

    /** The live SSE client count reported by {@code /api/health}. */
    int sseConnections() {
        return health().getJsonObject("components").getJsonObject("sse").getInt("connections");
    }

    /** Polls the health endpoint (bounded) until the SSE connection count satisfies {@code done}; returns it. */
    int awaitConnections(IntPredicate done, Duration timeout, String what) {
        return SystemTestSupport.awaitValue(this::sseConnections, done::test, timeout, Duration.ofMillis(250),
                "health connections " + what);
    }

    /**
     * The SSE connection count once it stopped changing for a heartbeat or so, so that clients closed by earlier tests
     * no longer count.
     */
    int settledConnections() {
        int[] previous = {sseConnections()};
        return SystemTestSupport.awaitValue(() -> {
            SystemTestSupport.pause(Duration.ofMillis(1500));
            int now = sseConnections();
            int before = previous[0];
            previous[0] = now;
            return now == before ? now : -1;
        }, count -> count >= 0, SystemTestSupport.CLEANUP_TIMEOUT, Duration.ZERO, "a settled connection count");
    }

    // ---------------------------------------------------------------- SSE

    /** Opens a Jersey {@code SseEventSource} on e.g. {@code "api/events?channel=x"}. */
    JerseySseSubscriber subscribe(String pathAndQuery) {
        return track(new JerseySseSubscriber(sse.target(base.resolve(pathAndQuery))));
    }

    /** Opens a Jersey {@code SseEventSource} whose first request carries {@code Last-Event-ID: lastEventId}. */
    JerseySseSubscriber subscribe(String pathAndQuery, String lastEventId) {
        WebTarget target = sse.target(base.resolve(pathAndQuery)).register(new InitialLastEventId(lastEventId));
        return track(new JerseySseSubscriber(target));
    }

    /** Opens a raw {@code text/event-stream} read with the given extra request headers. */
    RawSseClient openRaw(String pathAndQuery, Map<String, String> headers) {
        return track(RawSseClient.open(http, base.resolve(pathAndQuery), headers, SystemTestSupport.DELIVERY_TIMEOUT));
    }

    /** Opens a bare-socket subscription and waits for its preamble; see {@link SocketSseConnection}. */
    SocketSseConnection openSocket(String pathAndQuery) throws IOException {
        return SocketSseConnection.openAndAwaitPreamble(base, pathAndQuery, SystemTestSupport.DELIVERY_TIMEOUT);
    }

    /** Opens a bare-socket subscription that never reads; see {@link SocketSseConnection}. */
    SocketSseConnection openNeverReadingSocket(String pathAndQuery) throws IOException {
        return SocketSseConnection.openNeverReading(base, pathAndQuery, SystemTestSupport.DELIVERY_TIMEOUT);
    }

    /**
     * Makes sure the subscription is registered on the server: publishes {@code ready} markers on {@code channel}
     * until one of them arrives (bounded). Later assertions must therefore ignore stray {@code ready} events.
     */
    void awaitLive(SseClient client, String channel) {
        long deadline = System.nanoTime() + SystemTestSupport.DELIVERY_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            String nonce = UUID.randomUUID().toString();
            publish("ready", JsonSupport.obj("nonce", nonce), channel);
            if (client.frames().poll(frame -> frame.hasData() && frame.data().contains(nonce),
                    Duration.ofMillis(500)) != null) {
                return;
            }
        }
        throw new AssertionError(client.frames() + " never received a ready marker on channel " + channel);
    }

    private <T extends SseClient> T track(T client) {
        subscriptions.add(client);
        return client;
    }

    @Override
    public void close() {
        subscriptions.forEach(SseClient::close);
        subscriptions.clear();
        sse.close();
        rest.close();
    }

    /** Adds {@code Last-Event-ID} when Jersey sends none (its first request); reconnects carry Jersey's own. */
    private static final class InitialLastEventId implements ClientRequestFilter {

        private final String lastEventId;

        InitialLastEventId(String lastEventId) {
            this.lastEventId = lastEventId;
        }

        @Override
        public void filter(ClientRequestContext request) {
            if (!request.getHeaders().containsKey(LAST_EVENT_ID)) {
                request.getHeaders().putSingle(LAST_EVENT_ID, lastEventId);
            }
        }
    }
}
