package io.grantflow.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.tokens.EdgeKeys;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/** A call-in's refused entries name the token they refuse: its place in the posted list, and its jti where it has one. */
@GrantflowTest
class CallInRefusalsTest {

    @LocalServerPort
    int port;
    @Autowired
    EdgeKeys edgeKeys;
    @Autowired
    TransactionTemplate tx;

    @Test
    void callInWhenPostedTokensAreRefusedThenEachRefusalNamesItsToken() throws Exception {
        EdgeKeyPair system = EdgeKeyPair.create("SYS-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
        tx.executeWithoutResult(s -> edgeKeys.register(system.id(), EdgeKeys.Kind.SYSTEM, "ACME", system.privateKey().toPublicJWK()));
        String jti = UUID.randomUUID().toString();
        String unknownAssignment = system.token("revoke+jwt", "CA-NOPE").claims(c -> c.jwtID(jti)).claim("file_jti", "x").sign();
        String body = new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(Map.of("revokeKeys", List.of("not-a-token", unknownAssignment)));
        Http http = Http.at(port).bearer(system.token("callin+jwt", system.id()).sign());

        Http.Response r = http.send(http.builder("/api/v1/edge/call-in").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode refused = r.json().get("refused");
        assertThat(refused).hasSize(2);
        assertThat(refused.get(0).get("kind").asText()).isEqualTo("revoke");
        assertThat(refused.get(0).get("index").asInt()).isZero();
        assertThat(refused.get(0).has("jti")).isFalse();
        assertThat(refused.get(0).get("code").asText()).isEqualTo("token-malformed");
        assertThat(refused.get(1).get("index").asInt()).isEqualTo(1);
        assertThat(refused.get(1).get("jti").asText()).isEqualTo(jti);
        assertThat(refused.get(1).get("code").asText()).isEqualTo("token-unknown-subject");
        assertThat(r.json().get("accepted")).isEmpty();
    }

    @Test
    void callInWhenAPostedTokenIsAboveTheTokenLimitThenItIsRefusedAsTokenTooLarge() throws Exception {
        String big = "x".repeat(9000);
        for (EdgeKeys.Kind kind : EdgeKeys.Kind.values()) {
            EdgeKeyPair edge = EdgeKeyPair.create(kind.name().substring(0, 3) + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
            tx.executeWithoutResult(s -> edgeKeys.register(edge.id(), kind, "ACME", edge.privateKey().toPublicJWK()));
            // an installation posts receipts, a HOME system revoke keys
            String body = new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsString(Map.of(kind == EdgeKeys.Kind.INSTALLATION ? "receipts" : "revokeKeys", List.of(big)));
            Http http = Http.at(port).bearer(edge.token("callin+jwt", edge.id()).sign());

            Http.Response r = http.send(http.builder("/api/v1/edge/call-in").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));

            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode refused = r.json().get("refused");
            assertThat(refused).as(r.toString()).hasSize(1);
            assertThat(refused.get(0).get("kind").asText()).isEqualTo(kind == EdgeKeys.Kind.INSTALLATION ? "receipt" : "revoke");
            assertThat(refused.get(0).get("code").asText()).isEqualTo("token-too-large");
        }
    }
}
