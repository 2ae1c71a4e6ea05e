package io.grantflow.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A small HTTP client for integration tests: real requests over loopback, as clients send them. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String authorization;

    private Http(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    public static Http at(int port) {
        return new Http("http://127.0.0.1:" + port, null);
    }

    public Http as(String user) {
        return as(user, user);
    }

    public Http as(String user, String password) {
        return new Http(base, "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public Http bearer(String token) {
        return new Http(base, "Bearer " + token);
    }

    public Http anonymous() {
        return new Http(base, null);
    }

    public Response get(String path) {
        return send(builder(path).GET());
    }

    public Response postJson(String path, Object body) {
        return postJson(path, body, null);
    }

    public Response postJson(String path, Object body, String idempotencyKey) {
        String json;
        try {
            json = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder b = builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return send(b);
    }

    public Response post(String path, String contentType, String body) {
        return send(builder(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response send(HttpRequest.Builder builder) {
        try {
            HttpRequest request = builder.build();
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            String contentType = r.headers().firstValue("Content-Type").orElse("");
            Contract.check(request.method(), request.uri(), r.statusCode(), contentType, r.body());
            return new Response(r.statusCode(), contentType, r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    public record Response(int status, String contentType, String body, HttpResponse<String> raw) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Not JSON (" + status + "): " + body, e);
            }
        }

        /** The problem's stable code; fails the test if the answer is not a problem document. */
        public String code() {
            if (!contentType.startsWith("application/problem+json")) {
                throw new AssertionError("Expected a problem document, got " + status + " " + contentType + ": " + body);
            }
            return json().path("code").asText();
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }
}
