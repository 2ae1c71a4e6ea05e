package io.grantflow.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on 127.0.0.1 inside the bench's process, as an integrator's would be: it answers 204 to every
 * POST and counts, per path, what arrived with a signature that verifies against the endpoint's secret (Standard
 * Webhooks, checked here by hand rather than with Grantflow's signer), and what arrived without one.
 */
final class Receiver implements AutoCloseable {

    /** What one path received: deliveries whose signature verified, and those whose did not. */
    static final class Counts {
        final AtomicLong verified = new AtomicLong();
        final AtomicLong badSignatures = new AtomicLong();
        volatile byte[] key;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "bench-webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Counts> paths = new ConcurrentHashMap<>();

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** The URL of {@code path} on this receiver. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** From now on, deliveries to {@code path} verify against {@code secret} ({@code whsec_…}). */
    void expect(String path, String secret) {
        counts(path).key = Base64.getDecoder().decode(secret.substring(secret.indexOf('_') + 1));
    }

    Counts counts(String path) {
        return paths.computeIfAbsent(path, p -> new Counts());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Counts counts = paths.get(exchange.getRequestURI().getPath());
            if (counts != null && verifies(counts.key, exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"), body,
                    exchange.getRequestHeaders().getFirst("webhook-signature"))) {
                counts.verified.incrementAndGet();
            } else if (counts != null) {
                counts.badSignatures.incrementAndGet();
            }
            exchange.sendResponseHeaders(counts == null ? 404 : 204, -1);
        }
    }

    /** HMAC-SHA256 over {@code id.timestamp.body}, compared in constant time with each {@code v1,…} of the header. */
    static boolean verifies(byte[] key, String id, String timestamp, byte[] body, String signatures) {
        if (key == null || id == null || timestamp == null || signatures == null) {
            return false;
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            expected = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        for (String signature : signatures.split(" ")) {
            if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
