package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.protocol.EdgeTokenSigner;
import io.grantflow.support.Http;
import io.grantflow.support.SingleSignOnContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An integrator's client gets an access token from the company's provider (client credentials) and starts a flow with
 * it; tokens for another audience, expired ones, ones signed by another key and ones without a Grantflow group are
 * refused with their codes and change nothing.
 */
class ProviderAccessTokensTest extends SingleSignOnContext {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Http http;

    @BeforeEach
    void setUp() {
        http = Http.at(port);
    }

    @Test
    void aClientCredentialsTokenStartsAFlowAndTheClientIsTheActor() {
        String client = "portal-" + UUID.randomUUID().toString().substring(0, 8);
        PROVIDER.registerMachine(client, "portal-secret", List.of("integrators"), "grantflow");
        Http machine = http.bearer(PROVIDER.clientCredentials(client, "portal-secret"));

        Http.Response linked = machine.postJson("/api/v1/systems", link("Provider-linked HOME"));
        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);
        Http.Response assigned = machine.postJson("/api/v1/systems/" + linked.json().path("systemId").asText() + "/credit-assignments",
                Map.of("subscriptionId", "SUB-MONTHLY", "credits", 1), UUID.randomUUID().toString());
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(202);
        assertThat(jdbc.sql("SELECT actor FROM gf_ledger_entry WHERE holder_id = ?").param(assigned.json().path("assignmentId").asText())
                .query(String.class).list()).containsOnly("client:" + client);
        // an integrator's rights, no more
        assertThat(machine.get("/api/v1/audit/ledger/verify").status()).isEqualTo(403);
        // the engine's door takes a person's login only
        assertThat(machine.get("/engine-rest/process-definition").status()).isEqualTo(401);
    }

    @Test
    void tokensTheProviderDidNotIssueForGrantflowAreRefusedAndChangeNothing() {
        String other = "other-app-" + UUID.randomUUID().toString().substring(0, 8);
        PROVIDER.registerMachine(other, "other-secret", List.of("integrators"), "another-service");
        Map<String, String> refusals = Map.of(
                PROVIDER.clientCredentials(other, "other-secret"), "access-token-wrong-audience",
                PROVIDER.sign(c -> c.issueTime(Date.from(Instant.now().minus(Duration.ofHours(2))))
                        .notBeforeTime(Date.from(Instant.now().minus(Duration.ofHours(2))))
                        .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(10)))), true), "access-token-expired",
                PROVIDER.sign(c -> { }, false), "access-token-invalid",
                PROVIDER.sign(c -> c.issuer("http://127.0.0.1:1/other-issuer"), true), "access-token-invalid");
        int systems = count();
        refusals.forEach((token, code) -> {
            Http.Response r = http.bearer(token).postJson("/api/v1/systems", link("refused"));
            assertThat(r.status()).as(code + ": " + r).isEqualTo(401);
            assertThat(r.code()).as(r.toString()).isEqualTo(code);
            assertThat(r.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"grantflow\", error=\"invalid_token\"");
        });
        assertThat(count()).as("nothing linked").isEqualTo(systems);

        // the provider's own token, but for no Grantflow group: signed in, allowed nothing
        String groupless = "groupless-" + UUID.randomUUID().toString().substring(0, 8);
        PROVIDER.registerMachine(groupless, "g-secret", List.of("marketing"), "grantflow");
        Http.Response r = http.bearer(PROVIDER.clientCredentials(groupless, "g-secret")).postJson("/api/v1/systems", link("refused"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("forbidden");
        assertThat(count()).isEqualTo(systems);
    }

    @Test
    void theEdgeCallInKeepsItsOwnBearer() {
        // a provider token is no call-in: the edge endpoint judges its bearer itself
        String client = "edge-" + UUID.randomUUID().toString().substring(0, 8);
        PROVIDER.registerMachine(client, "e-secret", List.of("integrators"), "grantflow");
        Http.Response r = http.bearer(PROVIDER.clientCredentials(client, "e-secret")).postJson("/api/v1/edge/call-in", "{}");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).startsWith("token-");
    }

    private static Map<String, Object> link(String label) {
        return Map.of("accountId", "ACME", "label", label, "systemKey", EdgeTokenSigner.newKey().toPublicJWK().toJSONObject());
    }

    private int count() {
        return jdbc.sql("SELECT COUNT(*) FROM gf_system").query(Integer.class).single();
    }
}
