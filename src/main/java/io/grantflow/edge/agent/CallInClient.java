package io.grantflow.edge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantflow.protocol.CallInAnswer;
import io.grantflow.protocol.CallInRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** {@code POST {portal}/api/v1/edge/call-in}: the edge's heartbeat and sync, over java.net.http. */
final class CallInClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI endpoint;

    CallInClient(String portal) {
        this.endpoint = URI.create(stripSlash(portal) + "/api/v1/edge/call-in");
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    CallInAnswer callIn(String bearer, List<String> receipts, List<String> revokeKeys, List<String> disconnectProofs) {
        HttpResponse<String> response;
        try {
            String body = EdgeHome.JSON.writeValueAsString(new CallInRequest(receipts, revokeKeys, disconnectProofs));
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
        try {
            return EdgeHome.JSON.treeToValue(json, CallInAnswer.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new AgentException("call-in-failed", "The call-in answer is not what the API describes: " + e.getMessage());
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : EdgeHome.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
