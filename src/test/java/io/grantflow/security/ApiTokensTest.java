package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantflow.protocol.EdgeTokenSigner;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Machines call the API with tokens an administrator issues: shown once, stored hashed, one client and one group, an
 * expiry, revoked at once. Every refusal is a 401 with its code and changes nothing.
 */
@GrantflowTest
class ApiTokensTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokenRepository repository;
    @Autowired
    JdbcClient jdbc;

    Http http;
    Http admin;

    @BeforeEach
    void setUp() {
        http = Http.at(port);
        admin = http.as("admin");
    }

    @Test
    void anIntegratorsTokenStartsAFlowAndTheClientIsTheActor() {
        String client = "portal-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode issued = issue(client, "integrators", Instant.now().plus(Duration.ofDays(30)));
        String token = issued.path("token").asText();
        assertThat(token).startsWith("gft_");
        assertThat(issued.path("state").asText()).isEqualTo("ACTIVE");
        assertThat(issued.path("createdBy").asText()).isEqualTo("admin");

        // stored hashed: neither the list nor the table holds the token
        Http.Response list = admin.get("/api/v1/admin/api-tokens");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(issued.path("id").asText()).doesNotContain(token).doesNotContain(token.substring(37));
        assertThat(jdbc.sql("SELECT secret_hash FROM gf_api_token WHERE id = ?").param(issued.path("id").asText()).query(String.class).single())
                .hasSize(64).doesNotContain(token.substring(37));

        Http machine = http.bearer(token);
        Http.Response linked = machine.postJson("/api/v1/systems", Map.of("accountId", "ACME", "label", "Token-linked HOME",
                "systemKey", EdgeTokenSigner.newKey().toPublicJWK().toJSONObject()));
        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);
        String systemId = linked.json().path("systemId").asText();
        Http.Response assigned = machine.postJson("/api/v1/systems/" + systemId + "/credit-assignments",
                Map.of("subscriptionId", "SUB-MONTHLY", "credits", 1), UUID.randomUUID().toString());
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(202);
        String assignmentId = assigned.json().path("assignmentId").asText();
        assertThat(jdbc.sql("SELECT actor FROM gf_ledger_entry WHERE holder_id = ?").param(assignmentId).query(String.class).list())
                .as("the ledger names the client, not a person").containsOnly("client:" + client);

        // the token's one group: an integrator may start, not do an operator's step nor read the audit API
        assertThat(machine.get("/api/v1/audit/ledger/verify").status()).isEqualTo(403);
        assertThat(machine.get("/api/v1/admin/api-tokens").status()).isEqualTo(403);
        assertThat(machine.postJson("/api/v1/credit-assignments/" + assignmentId + "/revocations", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceAndChangesNothing() {
        JsonNode issued = issue("scripts-" + UUID.randomUUID().toString().substring(0, 8), "operators", Instant.now().plus(Duration.ofDays(1)));
        Http machine = http.bearer(issued.path("token").asText());
        assertThat(machine.get("/api/v1/licenses/LIC-DEMO").status()).isEqualTo(200);

        Http.Response revoked = admin.postJson("/api/v1/admin/api-tokens/" + issued.path("id").asText() + "/revoke", "{}");
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.json().path("state").asText()).isEqualTo("REVOKED");
        assertThat(revoked.json().path("revokedBy").asText()).isEqualTo("admin");

        int systems = count("gf_system");
        Http.Response refused = machine.postJson("/api/v1/systems", Map.of("accountId", "ACME", "label", "after revocation",
                "systemKey", EdgeTokenSigner.newKey().toPublicJWK().toJSONObject()));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("api-token-revoked");
        assertThat(refused.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"grantflow\", error=\"invalid_token\"");
        assertThat(count("gf_system")).as("nothing linked").isEqualTo(systems);

        // revoking again keeps the first revocation
        Http.Response again = admin.postJson("/api/v1/admin/api-tokens/" + issued.path("id").asText() + "/revoke", "{}");
        assertThat(again.json().path("revokedAt").asText()).isEqualTo(revoked.json().path("revokedAt").asText());
    }

    @Test
    void anExpiredOrForgedOrUnknownTokenIsRefusedWithItsCode() {
        String secret = "A".repeat(43);
        String id = UUID.randomUUID().toString().replace("-", "");
        repository.insert(new ApiToken(id, "expired-client", "integrators", ApiTokens.sha256(secret), Instant.now().minus(Duration.ofDays(2)),
                "admin", Instant.now().minus(Duration.ofDays(1)), null, null, null));
        Http.Response expired = http.bearer("gft_" + id + "_" + secret).get("/api/v1/licenses/LIC-DEMO");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.code()).isEqualTo("api-token-expired");

        Http.Response wrongSecret = http.bearer("gft_" + id + "_" + "B".repeat(43)).get("/api/v1/licenses/LIC-DEMO");
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.code()).isEqualTo("api-token-invalid");

        JsonNode live = issue("forger-" + UUID.randomUUID().toString().substring(0, 8), "auditors", Instant.now().plus(Duration.ofHours(1)));
        String token = live.path("token").asText();
        for (String forged : new String[] {token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"), "gft_", "gft_x_y",
                "gft_" + UUID.randomUUID().toString().replace("-", "") + "_" + token.substring(37)}) {
            Http.Response r = http.bearer(forged).get("/api/v1/audit/ledger/verify");
            assertThat(r.status()).as(forged).isEqualTo(401);
            assertThat(r.code()).as(forged).isEqualTo("api-token-invalid");
        }
        assertThat(http.bearer(token).get("/api/v1/audit/ledger/verify").status()).isEqualTo(200);
        // a bearer that is no API token is no login either
        assertThat(http.bearer("not-a-token").get("/api/v1/licenses/LIC-DEMO").code()).isEqualTo("unauthorized");
    }

    @Test
    void onlyAnAdministratorIssuesAndTheRequestIsChecked() {
        Instant in30Days = Instant.now().plus(Duration.ofDays(30));
        Map<String, Object> good = Map.of("clientId", "x", "group", "integrators", "expiresAt", in30Days.toString());
        for (String user : new String[] {"operator", "integrator", "auditor"}) {
            assertThat(http.as(user).postJson("/api/v1/admin/api-tokens", good).status()).as(user).isEqualTo(403);
        }
        assertThat(http.anonymous().postJson("/api/v1/admin/api-tokens", good).status()).isEqualTo(401);

        int tokens = count("gf_api_token");
        for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(
                Map.of("clientId", "x", "group", "camunda-users", "expiresAt", in30Days.toString()),
                Map.of("clientId", "has space", "group", "integrators", "expiresAt", in30Days.toString()),
                Map.of("clientId", "x", "group", "integrators", "expiresAt", Instant.now().minusSeconds(60).toString()),
                Map.of("clientId", "x", "group", "integrators", "expiresAt", Instant.now().plus(Duration.ofDays(400)).toString()),
                Map.of("clientId", "x", "group", "integrators"))) {
            Http.Response r = admin.postJson("/api/v1/admin/api-tokens", bad);
            assertThat(r.status()).as(bad.toString()).isEqualTo(400);
            assertThat(r.code()).as(bad.toString()).isEqualTo("invalid-request");
        }
        assertThat(count("gf_api_token")).as("no token issued by a refused request").isEqualTo(tokens);
        assertThat(admin.get("/api/v1/admin/api-tokens/" + "0".repeat(32)).code()).isEqualTo("not-found");
        assertThat(admin.postJson("/api/v1/admin/api-tokens/" + "0".repeat(32) + "/revoke", "{}").code()).isEqualTo("not-found");
    }

    @Test
    void anAdminTokenManagesTokensButIsNoLoginForTheEngineDoor() {
        JsonNode adminToken = issue("ops-" + UUID.randomUUID().toString().substring(0, 8), "camunda-admin", Instant.now().plus(Duration.ofDays(1)));
        Http machineAdmin = http.bearer(adminToken.path("token").asText());
        Http.Response issued = machineAdmin.postJson("/api/v1/admin/api-tokens",
                Map.of("clientId", "nightly", "group", "auditors", "expiresAt", Instant.now().plus(Duration.ofDays(1)).toString()));
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.json().path("createdBy").asText()).isEqualTo("client:" + adminToken.path("clientId").asText());
        // /engine-rest is the engine's door: a person's login, never an API token
        assertThat(machineAdmin.get("/engine-rest/process-definition").status()).isEqualTo(401);
    }

    private JsonNode issue(String clientId, String group, Instant expiresAt) {
        Http.Response r = admin.postJson("/api/v1/admin/api-tokens", Map.of("clientId", clientId, "group", group, "expiresAt", expiresAt.toString()));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.raw().headers().firstValue("Location")).hasValue("/api/v1/admin/api-tokens/" + r.json().path("id").asText());
        return r.json();
    }

    private int count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Integer.class).single();
    }
}
