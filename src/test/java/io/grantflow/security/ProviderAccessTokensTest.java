package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import io.grantflow.protocol.EdgeTokenSigner;
import io.grantflow.support.Http;
import io.grantflow.support.SingleSignOnContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import oidcprovider.OidcProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An integrator's client gets an access token from the company's provider (client credentials) and starts a flow with
 * it; tokens for another audience, expired ones, ones signed by another key and ones without a Grantflow group are
 * refused with their codes and change nothing; so are ID tokens, tokens without {@code exp}, and groups the mapping
 * does not name, a Grantflow group's own name included. RFC 9068 access tokens ({@code at+jwt}) are taken.
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
        PROVIDER.registerMachine(client, "portal-secret", List.of("portal-clients"), "grantflow");
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
    void theAccountClaimBindsAClientsAccessTokenToThatAccount() {
        Http globex = http.bearer(PROVIDER.sign(c -> c.claim("groups", List.of("customer-it")).claim("grantflow_account", "GLOBEX"), true));
        assertThat(globex.get("/api/v1/licenses/LIC-GLOBEX").status()).isEqualTo(200);
        Http.Response acme = globex.get("/api/v1/licenses/LIC-DEMO");
        assertThat(acme.status()).as(acme.toString()).isEqualTo(404);
        assertThat(acme.code()).isEqualTo("not-found");
        // a customer's group without an account: bound to none, sees nothing
        Http nobody = http.bearer(PROVIDER.sign(c -> c.claim("groups", List.of("customer-it")), true));
        assertThat(nobody.get("/api/v1/licenses/LIC-GLOBEX").code()).isEqualTo("not-found");
    }

    @Test
    void tokensTheProviderDidNotIssueForGrantflowAreRefusedAndChangeNothing() {
        String other = "other-app-" + UUID.randomUUID().toString().substring(0, 8);
        PROVIDER.registerMachine(other, "other-secret", List.of("portal-clients"), "another-service");
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
        PROVIDER.registerMachine(client, "e-secret", List.of("portal-clients"), "grantflow");
        Http.Response r = http.bearer(PROVIDER.clientCredentials(client, "e-secret")).postJson("/api/v1/edge/call-in", "{}");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).startsWith("token-");
    }

    @Test
    void onlyMappedGroupsCountAGrantflowGroupsOwnNameGrantsNothing() {
        String named = "named-admin-" + UUID.randomUUID().toString().substring(0, 8);
        PROVIDER.registerMachine(named, "n-secret", List.of("camunda-admin", "integrators"), "grantflow");
        List<String> tokens = List.of(PROVIDER.clientCredentials(named, "n-secret"),
                PROVIDER.sign(c -> c.claim("groups", List.of("/camunda-admin")), true),
                PROVIDER.sign(c -> c.claim("groups", "a,camunda-admin"), true),
                PROVIDER.sign(c -> c.claim("groups", "staff,camunda-admin"), true));
        int systems = count();
        for (String token : tokens) {
            Http.Response admin = http.bearer(token).get("/api/v1/admin/api-tokens");
            assertThat(admin.status()).as(admin.toString()).isEqualTo(403);
            Http.Response start = http.bearer(token).postJson("/api/v1/systems", link("refused"));
            assertThat(start.status()).as(start.toString()).isEqualTo(403);
        }
        assertThat(count()).isEqualTo(systems);
        // mapped, even with Keycloak's full path: the mapping's group
        Http.Response mapped = http.bearer(PROVIDER.sign(c -> c.claim("groups", List.of("/grantflow-admins")), true)).get("/api/v1/admin/api-tokens");
        assertThat(mapped.status()).as(mapped.toString()).isEqualTo(200);
    }

    @Test
    void anIdTokenIsNeverAnAccessToken() {
        // a real ID token of a person's sign-in, through a client whose id is Grantflow's audience (the configuration the
        // web client may not have: client-id equal to audience does not start); the person is an operator
        String idToken = PROVIDER.idToken("grantflow", "olivia");
        // and one without a nonce, for the web client and Grantflow both
        String forTheWebClient = PROVIDER.sign(c -> c.audience(List.of(OidcProvider.WEB_CLIENT, "grantflow")).claim("azp", OidcProvider.WEB_CLIENT)
                .claim("groups", List.of("licensing-desk")), true);
        int systems = count();
        for (String token : List.of(idToken, forTheWebClient)) {
            Http.Response r = http.bearer(token).postJson("/api/v1/systems", link("refused"));
            assertThat(r.status()).as(r.toString()).isEqualTo(401);
            assertThat(r.code()).isEqualTo("access-token-not-an-access-token");
            assertThat(http.bearer(token).get("/api/v1/systems").status()).isEqualTo(401);
        }
        assertThat(count()).isEqualTo(systems);
    }

    @Test
    void anAccessTokenWithoutExpiryOrOfAnotherTypeIsRefused() {
        int systems = count();
        Http.Response forever = http.bearer(PROVIDER.sign(c -> c.expirationTime(null), true)).postJson("/api/v1/systems", link("refused"));
        assertThat(forever.status()).as(forever.toString()).isEqualTo(401);
        assertThat(forever.code()).isEqualTo("access-token-without-expiry");
        Http.Response idTyped = http.bearer(PROVIDER.sign(new JOSEObjectType("id_token+jwt"), c -> { }, true)).postJson("/api/v1/systems", link("refused"));
        assertThat(idTyped.status()).as(idTyped.toString()).isEqualTo(401);
        assertThat(count()).isEqualTo(systems);
    }

    @Test
    void rfc9068AccessTokensAreAccepted() {
        int systems = count();
        // at+jwt, its long form, and no typ at all, as well as the plain JWT of the other tests
        for (JOSEObjectType type : java.util.Arrays.asList(new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null)) {
            Http.Response linked = http.bearer(PROVIDER.sign(type, c -> { }, true)).postJson("/api/v1/systems", link("Typed access token"));
            assertThat(linked.status()).as(type + ": " + linked).isEqualTo(201);
        }
        assertThat(count()).isEqualTo(systems + 3);
    }

    private static Map<String, Object> link(String label) {
        return Map.of("accountId", "ACME", "label", label, "systemKey", EdgeTokenSigner.newKey().toPublicJWK().toJSONObject());
    }

    private int count() {
        return jdbc.sql("SELECT COUNT(*) FROM gf_system").query(Integer.class).single();
    }
}
