package io.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RawWebSocket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Socket.IO on the app server's HTTPS listener: Payara Micro with {@code --sslport} and its self-signed certificate,
 * and the official JavaScript client (WebSocket, polling, polling upgraded) trusting that certificate, and only it.
 */
@Timeout(300)
class SocketIoHttpsIT {

    private static final Logger LOG = Logger.getLogger(SocketIoHttpsIT.class.getName());

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static PayaraNode node;
    private static int sslPort;

    @BeforeAll
    static void startNode() throws IOException {
        sslPort = PayaraNode.freePort();
        node = PayaraNode.start("https", Map.of("switchboard.node-id", "https"),
                List.of("--sslport", String.valueOf(sslPort)));
        node.awaitHealth(body -> body.contains("\"status\":\"UP\""));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theJavaScriptClientPassesItsChecksOverHttpsTrustingTheServersCertificate() throws Exception {
        Path ca = Files.createTempFile(Path.of("target"), "payara-cert", ".pem");
        Files.writeString(ca, pem(serverCertificate()), StandardCharsets.US_ASCII);
        // The certificate is issued to "localhost"; the client checks the name against it.
        String log = node("https://localhost:" + sslPort, ca.toString());
        assertTrue(log.contains("ALL PASSED"), log);
        assertTrue(log.contains("ok - polling (transport polling)"), log);
    }

    @Test
    void withoutTrustingTheCertificateTheClientIsRefused() throws Exception {
        String log = node("https://localhost:" + sslPort, null);
        assertTrue(!log.contains("ALL PASSED") && log.contains("FAILED"), log);
    }

    /**
     * Over HTTP the app server's WebSockets write through Grizzly's transport writer; over HTTPS through the servlet
     * stream, because their bytes must pass Grizzly's TLS filter. A message reaches a client on each.
     */
    @Test
    void overHttpsTheServletStreamCarriesTheBytesAndOverHttpGrizzlysWriter() throws Exception {
        URI secureUri = URI.create("wss://localhost:" + sslPort + "/ws/chat/?EIO=4&transport=websocket");
        try (RawWebSocket secure = RawWebSocket.open(secureUri, trusting(serverCertificate()));
             RawWebSocket plain = RawWebSocket.open(node.base().getPort(), "/ws/chat/?EIO=4&transport=websocket")) {
            for (RawWebSocket socket : List.of(secure, plain)) {
                socket.await(frame -> frame.startsWith("0{"));
                socket.send("40");
                socket.await(frame -> frame.startsWith("40"));
            }
            String health = HTTP.send(HttpRequest.newBuilder(node.base().resolve("/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(health.contains("\"bridge_websockets_grizzly\":1"), health);
            assertTrue(health.contains("\"bridge_websockets_servlet\":1"), health);

            HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(node.base().resolve("/api/message"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"type\":\"text\",\"content\":\"over both listeners\",\"sender\":\"https-it\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, posted.statusCode(), posted.body());
            for (RawWebSocket socket : List.of(secure, plain)) {
                socket.await(frame -> frame.startsWith("42[\"message\"") && frame.contains("over both listeners"));
            }
        }
    }

    private static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("payara", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static String node(String url, String caFile) throws IOException, InterruptedException {
        List<String> command = caFile == null ? List.of("node", "src/test/js/socketio-client.test.mjs", url)
                : List.of("node", "src/test/js/socketio-client.test.mjs", url, caFile);
        Path output = Files.createTempFile(Path.of("target"), "socketio-https", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = process.waitFor(150, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        LOG.info(() -> "node " + String.join(" ", command) + ":\n" + log);
        assertTrue(finished, "node did not finish:\n" + log);
        if (caFile != null) {
            assertEquals(0, process.exitValue(), log);
        } else {
            assertNotEquals(0, process.exitValue(), log);
        }
        return log;
    }

    /** The certificate the HTTPS listener presents, read off a handshake that checks nothing (it is only read). */
    private static X509Certificate serverCertificate() throws Exception {
        TrustManager readOnly = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {readOnly}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", sslPort)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return (X509Certificate) chain[0];
        }
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
