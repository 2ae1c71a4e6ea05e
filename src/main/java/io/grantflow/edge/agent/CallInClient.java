package io.grantflow.edge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code POST {portal}/api/v1/edge/call-in}: the edge's heartbeat and sync, over java.net.http. */
final class CallInClient {

    record PendingRevoke(String assignmentId, String fileJti) {
    }

    record Refused(String kind, String code, String detail) {
    }

    record Answer(String serverTime, List<String> connectionTokens, List<String> creditFiles, List<PendingRevoke> revokes,
            List<String> accepted, List<Refused> refused) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI endpoint;

    CallInClient(String portal) {
        this.endpoint = URI.create(stripSlash(portal) + "/api/v1/edge/call-in");
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    Answer callIn(String bearer, List<String> receipts, List<String> revokeKeys) {
        HttpResponse<String> response;
        try {
            String body = EdgeHome.JSON.writeValueAsString(Map.of("receipts", receipts, "revokeKeys", revokeKeys));
            response = HTTP.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AgentException("portal-unreachable", "Cannot reach " + endpoint + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException("interrupted", "The call-in was interrupted");
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() != 200) {
            String code = json == null ? "call-in-failed" : json.path("code").asText("call-in-failed");
            String detail = json == null ? response.body() : json.path("detail").asText(json.path("title").asText(""));
            throw new AgentException(code, "The call-in was refused (" + response.statusCode() + "): " + detail.strip());
        }
        if (json == null) {
            throw new AgentException("call-in-failed", "The call-in answer is not JSON");
        }
        List<PendingRevoke> revokes = new ArrayList<>();
        json.path("revokes").forEach(r -> revokes.add(new PendingRevoke(r.path("assignmentId").asText(), r.path("fileJti").asText(null))));
        List<Refused> refused = new ArrayList<>();
        json.path("refused").forEach(r -> refused.add(new Refused(r.path("kind").asText(""), r.path("code").asText(""), r.path("detail").asText(""))));
        return new Answer(json.path("serverTime").asText(null), strings(json.path("connectionTokens")), strings(json.path("creditFiles")),
                revokes, strings(json.path("accepted")), refused);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : EdgeHome.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
